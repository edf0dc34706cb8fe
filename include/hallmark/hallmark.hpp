// SPDX-License-Identifier: Apache-2.0
#pragma once
// Everything an embedding program needs.
#include <hallmark/assessment.hpp>
#include <hallmark/catalogue.hpp>
#include <hallmark/date.hpp>
#include <hallmark/decimal.hpp>
#include <hallmark/decision.hpp>
#include <hallmark/diagnostic.hpp>
#include <hallmark/limits.hpp>
#include <hallmark/plan.hpp>
#include <hallmark/result.hpp>
#include <hallmark/rule_set.hpp>
#include <hallmark/schema.hpp>
#include <hallmark/typed_input.hpp>
#include <hallmark/version.hpp>
