// SPDX-License-Identifier: Apache-2.0
#pragma once
// The version of the hallmark headers, for a program that must compile against more than
// one (`#if HALLMARK_VERSION >= 200`). CMakeLists.txt reads its project version from the
// three numbers below, so they are the only place a release changes it.

// The version as one number: major * 10000 + minor * 100 + patch (0.1.0 is 100).
#define HALLMARK_VERSION_MAJOR 0
#define HALLMARK_VERSION_MINOR 1
#define HALLMARK_VERSION_PATCH 0
#define HALLMARK_VERSION (HALLMARK_VERSION_MAJOR * 10000 + HALLMARK_VERSION_MINOR * 100 + HALLMARK_VERSION_PATCH)

// Two steps so the numbers are expanded before they become text.
#define HALLMARK_VERSION_TEXT_(major, minor, patch) #major "." #minor "." #patch
#define HALLMARK_VERSION_TEXT(major, minor, patch) HALLMARK_VERSION_TEXT_(major, minor, patch)

// The version as text, "0.1.0"; engine_version() prefixes it with "hallmark ".
#define HALLMARK_VERSION_STRING                                                                                        \
    HALLMARK_VERSION_TEXT(HALLMARK_VERSION_MAJOR, HALLMARK_VERSION_MINOR, HALLMARK_VERSION_PATCH)
