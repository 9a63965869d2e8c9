/// The steps of a pipeline as `help` shows them: how to write each, and an example that runs
/// on the Home Credit tables.
public struct StepHelp: Sendable {
    public var verb: String
    public var usage: String
    public var summary: String
    public var example: String

    public static let all: [StepHelp] = [
        .init(verb: "from", usage: "from <table>", summary: "start from a table, a saved result, _ or _n",
              example: "from bureau | take 5"),
        .init(verb: "filter", usage: "filter <condition>", summary: "keep the rows where the condition holds",
              example: "from application_train | filter DAYS_EMPLOYED != 365243 and AMT_CREDIT > 500000 | take 5"),
        .init(verb: "select", usage: "select a, AMT_*, new = old, -b", summary: "columns by name or pattern, renamed, or left out",
              example: "from application_train | select SK_ID_CURR, AMT_*, -AMT_REQ_* | take 5"),
        .init(verb: "derive", usage: "derive name = <expression>, …", summary: "add or replace columns",
              example: "from application_train | derive credit_to_income = AMT_CREDIT / AMT_INCOME_TOTAL | select SK_ID_CURR, credit_to_income | take 5"),
        .init(verb: "group", usage: "group k1, k2 (name = aggregate, across(cols, fns), …)", summary: "one row per combination of the keys",
              example: "from application_train | group NAME_INCOME_TYPE (clients = count(), default_rate = mean(TARGET))"),
        .init(verb: "aggregate", usage: "aggregate name = aggregate, …", summary: "one row for the whole table",
              example: "from application_train | aggregate clients = count(), default_rate = mean(TARGET)"),
        .init(verb: "sort", usage: "sort a, -b", summary: "order rows; - for descending; missing last",
              example: "from application_train | sort -AMT_CREDIT | select SK_ID_CURR, AMT_CREDIT | take 5"),
        .init(verb: "take", usage: "take N | take a..b", summary: "the first N rows, or rows a to b counted from 1",
              example: "from application_train | take 11..15"),
        .init(verb: "distinct", usage: "distinct [columns]", summary: "one row per distinct value",
              example: "from application_train | distinct NAME_HOUSING_TYPE"),
        .init(verb: "join", usage: "join [inner|left] <table>[, <table>…] [on <key>]", summary: "add other tables' columns; fan-out is reported",
              example: "from application_train | join inner bureau | group CREDIT_ACTIVE (credits = count())"),
        .init(verb: "onehot", usage: "onehot col, PATTERN_* [with missing]", summary: "one 0/1 column per level of each text column, in its place",
              example: "from bureau | onehot CREDIT_ACTIVE with missing | take 5"),
        .init(verb: "prefix", usage: "prefix NAME_", summary: "put a prefix before every column name but the SK_ID_* keys",
              example: "from bureau | group SK_ID_CURR (across(AMT_CREDIT_SUM, (mean, max))) | prefix BURO_ | take 5"),
        .init(verb: "append", usage: "append <table>", summary: "another table's rows below these, columns matched by name",
              example: "from application_train | append application_test | aggregate clients = count(), labelled = count(TARGET)"),
        .init(verb: "plot", usage: "plot <kind> <columns> [by g] [bins N] [log] [data]", summary: "draw the result (last step)",
              example: "from application_train | plot hist EXT_SOURCE_2 by TARGET bins 20"),
    ]
}
