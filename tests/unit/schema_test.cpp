// SPDX-License-Identifier: Apache-2.0
// The catalogue JSON, the assessment schema and the blank templates of a rule version
// (hallmark/schema.hpp): their structure, read back with a JSON library. Validation of
// real documents against the schema is tests/schema/schema_test.py (python3-jsonschema).
#include "test_support.hpp"

#include <hallmark/schema.hpp>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

using nlohmann::json;

namespace {

hallmark::rule_set quickstart()
{
    auto r = hallmark::compile_file("examples/quickstart/labels.rules");
    if (!r.ok()) throw std::runtime_error(r.render());
    return *r;
}

const json& indicator_schema(const json& schema, const std::string& id)
{
    return schema.at("properties").at("indicators").at("properties").at(id);
}

// The branch of an indicator's anyOf whose "type" is `type`.
json branch(const json& indicator, const std::string& type)
{
    for (const auto& b : indicator.at("anyOf"))
        if (b.value("type", "") == type) return b;
    return json();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema)

BOOST_AUTO_TEST_CASE(catalogue_json_keys_in_order)
{
    const auto rules = quickstart();
    const auto j = json::parse(hallmark::catalogue_json(rules.catalogue()));
    // nlohmann sorts keys; the order is checked on the text instead.
    const auto text = hallmark::catalogue_json(rules.catalogue());
    std::size_t at = 0;
    for (const char* key : {"\"name\"", "\"version\"", "\"title\"", "\"effective\"", "\"until\"", "\"sha256\"",
                            "\"extends\"", "\"areas\"", "\"indicators\"", "\"criteria\"", "\"labels\""}) {
        const auto next = text.find(key, at);
        BOOST_TEST_INFO(key);
        BOOST_TEST(next != std::string::npos);
        at = next;
    }
    BOOST_TEST(j.at("name") == "QUICKSTART");
    BOOST_TEST(j.at("effective") == "2020-01-01");
    BOOST_TEST(j.at("until").is_null());
    BOOST_TEST(j.at("sha256") == rules.sha256());
    BOOST_TEST(j.at("extends") == json::array());
    BOOST_TEST(j.at("areas").at(0).at("id") == "structure");
    BOOST_TEST(j.at("areas").at(0).at("indicators").at(0) == "participants");
}

BOOST_AUTO_TEST_CASE(catalogue_json_indicators_criteria_labels)
{
    const auto rules = quickstart();
    const auto j = json::parse(hallmark::catalogue_json(rules.catalogue()));
    const auto& inds = j.at("indicators");
    BOOST_TEST(inds.at(0).at("id") == "participants");
    BOOST_TEST(inds.at(0).at("type") == "count");
    BOOST_TEST(inds.at(0).at("minimum") == "0");
    BOOST_TEST(inds.at(0).at("maximum") == "100000");
    BOOST_TEST(inds.at(0).at("unit").is_null());
    BOOST_TEST(inds.at(0).at("area") == "structure");
    BOOST_TEST(inds.at(2).at("type") == "choice_set");
    BOOST_TEST(inds.at(2).at("choices").size() == 4U);
    BOOST_TEST(inds.at(3).at("unit") == "FTE");
    for (const auto& ind : inds) {
        if (ind.at("id") == "public_share") BOOST_TEST(ind.at("maximum") == "100");  // percentage points
        if (ind.at("id") == "improvements") {
            BOOST_TEST(ind.at("type") == "criterion_set");
            BOOST_TEST(ind.at("choices").at(0) == "E1");
        }
    }
    const auto& e1 = j.at("criteria").at(0);
    BOOST_TEST(e1.at("id") == "E1");
    BOOST_TEST(e1.at("area").is_null());
    BOOST_TEST(e1.at("groups") == json::array({"eligibility", "baseline"}));
    BOOST_TEST(e1.at("inputs") == json::array({"staff"}));
    BOOST_TEST(e1.at("max_points").is_string());
    BOOST_TEST(e1.at("gold").is_null());
    const auto& gold = j.at("labels").at(0);
    BOOST_TEST(gold.at("rank") == 0);
    BOOST_TEST(gold.at("valid").at("months").is_number());
}

BOOST_AUTO_TEST_CASE(schema_top_level)
{
    const auto rules = quickstart();
    const auto s = json::parse(hallmark::assessment_schema(rules.catalogue()));
    BOOST_TEST(s.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
    const std::string title = s.at("title");
    BOOST_TEST(title.find("QUICKSTART 1") != std::string::npos);
    BOOST_TEST(title.find(rules.sha256()) != std::string::npos);
    BOOST_TEST(s.at("additionalProperties") == false);
    BOOST_TEST(s.at("required") == json::array({"assessed_on", "indicators"}));
    std::vector<std::string> keys;
    for (const auto& [k, v] : s.at("properties").items()) keys.push_back(k);
    BOOST_TEST(keys == (std::vector<std::string>{"assessed_on", "cluster", "history", "indicators"}));
    const auto& history = s.at("properties").at("history").at("items");
    BOOST_TEST(history.at("additionalProperties") == false);
    BOOST_TEST(history.at("properties").at("label").at("enum").size() == rules.catalogue().labels.size());
    const auto& indicators = s.at("properties").at("indicators");
    BOOST_TEST(indicators.at("additionalProperties") == false);
    BOOST_TEST(indicators.at("properties").size() == rules.catalogue().indicators.size());
}

BOOST_AUTO_TEST_CASE(schema_indicators_mirror_binding)
{
    const auto rules = quickstart();
    const auto s = json::parse(hallmark::assessment_schema(rules.catalogue()));
    const auto& participants = indicator_schema(s, "participants");
    BOOST_TEST(participants.at("x-hallmark-area") == "structure");
    BOOST_TEST(participants.at("x-hallmark-type") == "count");
    BOOST_TEST(!branch(participants, "null").is_null());
    const auto number = branch(participants, "number");
    BOOST_TEST(number.at("multipleOf") == 1);
    BOOST_TEST(number.at("minimum") == 0);
    BOOST_TEST(number.at("maximum") == 100000);
    // A count without a declared range still has 0 as its minimum.
    BOOST_TEST(branch(indicator_schema(s, "smes"), "number").at("minimum") == 0);
    const auto share = branch(indicator_schema(s, "public_share"), "number");
    BOOST_TEST(share.at("maximum") == 100);
    BOOST_TEST(!share.contains("multipleOf"));
    const std::string staff = indicator_schema(s, "staff").at("description");
    BOOST_TEST(staff.find("Cluster management staff") != std::string::npos);
    BOOST_TEST(staff.find("FTE") != std::string::npos);
    const auto kinds = branch(indicator_schema(s, "kinds"), "array");
    BOOST_TEST(kinds.at("uniqueItems") == true);
    BOOST_TEST(kinds.at("items").at("enum") == json::array({"industry", "research", "public", "other"}));
    const auto& founded = indicator_schema(s, "founded").at("anyOf");
    BOOST_TEST(founded.at(1).at("$ref") == "#/$defs/date");
    BOOST_TEST(s.at("$defs").at("date").at("format") == "date");
    BOOST_TEST(branch(indicator_schema(s, "strategy"), "boolean").at("type") == "boolean");
}

BOOST_AUTO_TEST_CASE(templates)
{
    const auto rules = quickstart();
    const auto& c = rules.catalogue();
    const auto blank = json::parse(hallmark::assessment_template(c, hallmark::template_format::json));
    BOOST_TEST(blank.at("assessed_on") == "2020-01-01");
    BOOST_TEST(blank.at("indicators").size() == c.indicators.size());
    for (const auto& [k, v] : blank.at("indicators").items()) BOOST_TEST(v.is_null());
    auto read = hallmark::read_assessment(hallmark::assessment_template(c, hallmark::template_format::json), "t");
    BOOST_REQUIRE(read.ok());
    BOOST_TEST(rules.evaluate(read.value()).ok());
    const auto csv = hallmark::assessment_template(c, hallmark::template_format::csv);
    BOOST_TEST(csv.rfind("cluster_id,name,country,portfolio,assessed_on,participants,", 0) == 0);
    BOOST_TEST(csv.back() == '\n');
    const auto md = hallmark::assessment_template(c, hallmark::template_format::md);
    BOOST_TEST(md.find("## Area: Structure of the cluster (`structure`)") != std::string::npos);
    BOOST_TEST(md.find("- Indicator: `participants`") != std::string::npos);
    BOOST_TEST(md.find("- Range: 0 FTE..1000 FTE") != std::string::npos);
    BOOST_TEST(md.find("[ ] `industry`") != std::string::npos);
    BOOST_TEST(md.find("- Range: 0%..100%") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
