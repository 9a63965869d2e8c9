"""Differential test of the query language against DuckDB.

From a seed, generates random pipelines in credit-explorer's language together with the
equivalent DuckDB SQL over the bundled tables, runs the SQL in DuckDB and writes DuckDB's
answers to Tests/QueryTests/fixtures/differential.jsonl; DifferentialTests.swift replays them
through the Query engine, so CI needs neither Python nor DuckDB. It also runs every pipeline
through the credit-explorer binary and reports where the two disagree.

The SQL spells out the language's documented semantics (docs/language.md) where SQL would
otherwise answer differently:

* Row order is part of the answer. Every stage of the SQL carries __rn, the row's position in
  our engine's order: sorts are stable (ties keep __rn order) with missing values last in both
  directions, groups and distinct rows come out in order of first appearance (min(__rn)),
  joins keep the left rows' order and then the right table's, and `take` counts rows in that
  order. The final SELECT orders by __rn, so answers compare row by row, not as sets.
* Order-dependent aggregates (sum, mean, std, var, first, last) aggregate in row order, so
  floating-point sums add up in the same order as ours.
* A division by zero (or any undefined result) is missing: NULLIF(divisor, 0); log and sqrt
  outside their domain are missing; clip of a missing value is missing (DuckDB's
  least/greatest skip NULLs); floor, ceil and round(x) give integers, as ours do; share(c) is
  the mean of c over the rows where c is known; contains, starts_with and ends_with ignore
  case; a right-hand column whose name the left side has gets the suffix _right.
* Literals with a fraction are DOUBLE, never DECIMAL (DuckDB's default for 0.5).

Not generated: statements that are errors by design (repeated output names), and integer
arithmetic beyond 2^52, which ours does in doubles.

The last line printed is one JSON object: seed, pipelines, agreed, disagreed.
"""
import argparse
import csv
import io
import json
import math
import os
import random
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TABLES = ["application_train", "bureau", "previous_application", "bureau_balance"]
FIXTURE = os.path.join(ROOT, "Tests", "QueryTests", "fixtures", "differential.jsonl")
# Integers our engine computes exactly (it does integer arithmetic in doubles).
EXACT_INTEGERS = 2.0 ** 52
MAX_COLUMNS = 7
MAX_ROWS = 25
# Bugs found by this test and not fixed yet: pipelines that would hit them are not generated
# (each is checked for in `hits_known_bug`). Drop a name here once its fix lands.
KNOWN_BUGS: set = set()


class Rejected(Exception):
    """A pipeline that would hit a known bug: drawn again."""


def q(name):
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def sql_text(s):
    """A quoted SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


# ---------------------------------------------------------------------------------------------
# Loading: the same tables, with the same types, in both systems.


def our_column_types(binary, data, cache, table):
    """The column types our tool gives a table (`columns T`), so DuckDB reads the same ones."""
    out = run_ours(binary, data, cache, f"columns {table}")
    if out.error:
        sys.exit(f"credit-explorer could not list the columns of {table}: {out.error}")
    kinds = {"int": "int", "double": "double", "category": "text", "bool": "bool"}
    return [(row[0], kinds[row[1]]) for row in out.rows]


def load_duckdb(con, data, schema):
    """Creates each table in DuckDB with our types and __rn, the row's position in the file.

    Integer columns are read as DOUBLE then cast, as our reader accepts keys written 100004.0."""
    for table, columns in schema.items():
        path = os.path.join(data, table + ".csv")
        read = {n: {"int": "DOUBLE", "double": "DOUBLE", "text": "VARCHAR", "bool": "BOOLEAN"}[k] for n, k in columns}
        spec = "{" + ", ".join(f"{sql_text(n)}: {sql_text(t)}" for n, t in read.items()) + "}"
        raw = q("raw_" + table)
        con.execute(f"CREATE TABLE {raw} AS SELECT * FROM read_csv({sql_text(path)}, header = true, columns = {spec})")
        select = ", ".join(f"CAST({q(n)} AS BIGINT) AS {q(n)}" if k == "int" else q(n) for n, k in columns)
        con.execute(f"CREATE TABLE {q(table)} AS SELECT rowid AS __rn, {select} FROM {raw}")
        con.execute(f"DROP TABLE {raw}")
        check_row_order(con, path, table, columns[0][0])


def check_row_order(con, path, table, first_column):
    """DuckDB's rowid must follow the file's row order, which __rn stands for."""
    with open(path, newline="") as f:
        expected = [row[0] for row in csv.reader(f)][1:]
    got = [r[0] for r in con.execute(f"SELECT {q(first_column)} FROM {q(table)} ORDER BY __rn").fetchall()]
    if [str(v) for v in got] != [str(int(float(v))) if v else "None" for v in expected]:
        sys.exit(f"DuckDB did not keep the row order of {table}")


# ---------------------------------------------------------------------------------------------
# Expressions: the same value written in both languages.


@dataclass
class Expr:
    """An expression in our language (`ours`) and in SQL (`sql`).

    kind is num, text or bool; integer says whether ours types a number as an integer;
    bound an upper bound of |value| (numbers), so that integer arithmetic stays exact; prec
    the binding strength of `ours`' outermost operator, to parenthesise only where the
    grammar needs it (which tests precedence)."""
    ours: str
    sql: str
    kind: str
    integer: bool = False
    bound: float = math.inf
    prec: int = 9
    value: float = None  # a numeric literal's value


# Binding strengths in our grammar (Parser.swift); `if … else x` extends as far right as it can.
P_IF, P_OR, P_AND, P_NOT, P_CMP, P_ADD, P_MUL, P_NEG, P_ATOM = 1, 2, 3, 4, 5, 6, 7, 8, 9


def wrap(e, at_least):
    """e's text, parenthesised when it binds less tightly than its place requires."""
    return e.ours if e.prec >= at_least else f"({e.ours})"


def int_literal(v):
    text = str(v) if v >= 0 else f"({v})"
    return Expr(text, text, "num", integer=True, bound=abs(v), value=v)


def double_literal(v):
    """A decimal literal with three significant digits; DOUBLE in SQL, as in ours."""
    v = float(f"{v:.3g}") or 0.0
    text = repr(v)
    return Expr(text if v >= 0 else f"({text})", f"CAST({sql_text(text)} AS DOUBLE)", "num", bound=abs(v), value=v)


def text_literal(s):
    return Expr("'" + s + "'", sql_text(s), "text")


def bool_literal(b):
    return Expr("true" if b else "false", "TRUE" if b else "FALSE", "bool")


MISSING = Expr("missing", "NULL", "num", bound=0)


def arithmetic(op, a, b):
    """a op b; / and % by zero are missing. Only / turns integers into doubles."""
    p = P_MUL if op in "*/%" else P_ADD
    sql = f"({a.sql} {op} NULLIF({b.sql}, 0))" if op in "/%" else f"({a.sql} {op} {b.sql})"
    bound = {"+": a.bound + b.bound, "-": a.bound + b.bound, "*": a.bound * b.bound, "/": math.inf, "%": a.bound}[op]
    return Expr(f"{wrap(a, p)} {op} {wrap(b, p + 1)}", sql, "num", integer=a.integer and b.integer and op != "/",
                bound=bound, prec=p)


def comparison(op, a, b):
    """a op b; ours also spells == as = and != as <>."""
    sql_op = {"==": "=", "<>": "!="}.get(op, op)
    return Expr(f"{wrap(a, P_ADD)} {op} {wrap(b, P_ADD)}", f"({a.sql} {sql_op} {b.sql})", "bool", prec=P_CMP)


def logical(op, a, b):
    p = P_AND if op == "and" else P_OR
    return Expr(f"{wrap(a, p)} {op} {wrap(b, p + 1)}", f"({a.sql} {op.upper()} {b.sql})", "bool", prec=p)


def negation(a):
    return Expr(f"not {wrap(a, P_NOT)}", f"(NOT {a.sql})", "bool", prec=P_NOT)


def known_and_true(c):
    """`(c) is not missing and c`: never missing, false where c is missing (three-valued and)."""
    test = Expr(f"{wrap(c, P_ATOM)} is not missing", f"({c.sql} IS NOT NULL)", "bool", prec=P_CMP)
    return logical("and", test, c)


def branch_kind(values):
    return next((v.kind for v in values if v is not MISSING), "num")


def conditional(c, yes, no):
    """if c then yes else no: a missing condition takes `else`, as SQL's CASE."""
    return Expr(f"if {c.ours} then {yes.ours} else {no.ours}", f"(CASE WHEN {c.sql} THEN {yes.sql} ELSE {no.sql} END)",
                branch_kind([yes, no]), integer=yes.integer and no.integer,
                bound=max(yes.bound, no.bound), prec=P_IF)


def case_when(branches, otherwise):
    """case when … end: a missing condition moves on to the next `when`, as in SQL."""
    ours = "case " + " ".join(f"when {c.ours} then {v.ours}" for c, v in branches)
    sql = "(CASE " + " ".join(f"WHEN {c.sql} THEN {v.sql}" for c, v in branches)
    if otherwise is not None:
        ours += f" else {otherwise.ours}"
        sql += f" ELSE {otherwise.sql}"
    values = [v for _, v in branches] + [otherwise if otherwise is not None else MISSING]
    return Expr(ours + " end", sql + " END)", branch_kind(values), integer=all(v.integer for v in values),
                bound=max(v.bound for v in values))


def coalesce(name, args):
    """coalesce(a, b, …) or fill(a, b): the first value present."""
    return Expr(f"{name}({', '.join(a.ours for a in args)})", f"coalesce({', '.join(a.sql for a in args)})",
                branch_kind(args), integer=all(a.integer for a in args),
                bound=max(a.bound for a in args))


def call(name, args, sql, **kw):
    return Expr(f"{name}({', '.join(a.ours for a in args)})", sql, "num", **kw)


# ---------------------------------------------------------------------------------------------
# Pipelines: steps in our language and, step by step, a chain of SQL CTEs.


@dataclass
class Col:
    name: str
    kind: str  # int, double, text or bool


def value_kind(kind):
    """A column type's kind of value: int and double are both num."""
    return "num" if kind in ("int", "double") else kind


def column_kind(e):
    """The column type a derived expression gets."""
    return ("int" if e.integer else "double") if e.kind == "num" else e.kind


@dataclass
class Profile:
    """What the generator knows of a value at one stage, to pick literals that matter."""
    rows: int
    present: int
    distinct: int
    common: list  # the most frequent values
    quantiles: list = field(default_factory=list)
    bound: float = math.inf


class Pipeline:
    """A pipeline under construction, with its SQL translation kept in step.

    Each step adds one CTE (`{prev}` in its body stands for the one before) carrying every
    column plus __rn. Each stage is also kept as a temporary table, so that the generator's
    questions about the data at that stage do not re-run the whole chain."""

    def __init__(self, con, schema, table, tag):
        self.con, self.schema, self.tag = con, schema, tag
        self.steps = [f"from {table}"]
        self.ctes = [f"s0 AS (SELECT * FROM {q(table)})"]
        self.stages = [q(table)]
        self.columns = [Col(n, k) for n, k in schema[table]]
        self.tables_read = [table]
        self.fresh = 0
        self.shaped = False  # after group, aggregate, distinct or join
        self._profiles = {}

    def push(self, step, body, columns):
        """Adds a step (None: only a CTE, for a step that takes several) and its SQL."""
        if step is not None:
            self.steps.append(step)
        k = len(self.ctes)
        self.ctes.append(f"s{k} AS ({body.replace('{prev}', f's{k - 1}')})")
        stage = f"{self.tag}_s{k}"
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {stage} AS {body.replace('{prev}', self.stages[-1])}")
        self.stages.append(stage)
        self.columns = columns
        self._profiles = {}

    def close(self):
        for stage in self.stages[1:]:
            self.con.execute(f"DROP TABLE IF EXISTS {stage}")

    def name(self, prefix):
        self.fresh += 1
        return f"{prefix}{self.fresh}"

    def text(self):
        return " | ".join(self.steps)

    def sql(self):
        names = ", ".join(q(c.name) for c in self.columns)
        return "WITH " + ",\n     ".join(self.ctes) + f"\nSELECT {names} FROM s{len(self.ctes) - 1} ORDER BY __rn"

    def query(self, select):
        """Runs `select`, where {t} stands for the current stage."""
        return self.con.execute(select.replace("{t}", self.stages[-1])).fetchall()

    def rows(self):
        return self.query("SELECT count(*) FROM {t}")[0][0]

    def column(self, name):
        return next(c for c in self.columns if c.name == name)

    def profile(self, sql, kind):
        """Counts, frequent values and (numbers) quantiles and |max| of an expression here."""
        key = (sql, kind)
        if key not in self._profiles:
            counts = f"SELECT count(*), count({sql}), count(DISTINCT {sql}) FROM {{t}}"
            rows, present, distinct = self.query(counts)[0]
            common = [r[0] for r in self.query(f"SELECT {sql} AS v, count(*) AS n FROM {{t}} WHERE v IS NOT NULL "
                                               "GROUP BY v ORDER BY n DESC, v LIMIT 12")]
            p = Profile(rows, present, distinct, common)
            if kind == "num":
                p.bound = 0.0
                if present:
                    qs, top = self.query(
                        f"SELECT quantile_disc({sql}, [0.05, 0.25, 0.5, 0.75, 0.95]), max(abs({sql})) FROM {{t}}")[0]
                    p.quantiles, p.bound = list(qs), float(top)
            self._profiles[key] = p
        return self._profiles[key]

    def ref(self, col):
        """A column as an expression, with what this stage's data says of it."""
        kind = value_kind(col.kind)
        p = self.profile(q(col.name), kind)
        return Expr(col.name, q(col.name), kind, integer=col.kind == "int",
                    bound=p.bound if kind == "num" else math.inf)


# ---------------------------------------------------------------------------------------------
# Random expressions over the current stage.


def usable_label(s):
    return "'" not in s and "\\" not in s


class Expressions:
    """Random expressions of each kind over a pipeline's current columns."""

    def __init__(self, rng, pipe):
        self.rng, self.pipe = rng, pipe

    def pick_column(self, *kinds):
        """A column of one of the kinds; identifiers (SK_ID_*) are keys, not quantities."""
        cols = [c for c in self.pipe.columns if c.kind in kinds and not c.name.startswith("SK_ID_")]
        return self.pipe.ref(self.rng.choice(cols)) if cols else None

    def labels(self, e):
        return [v for v in self.pipe.profile(e.sql, "text").common if usable_label(v)]

    # Numbers

    def literal_near(self, e):
        """A literal among the values e takes here, so that comparisons split the rows."""
        p = self.pipe.profile(e.sql, "num")
        values = [v for v in p.quantiles + p.common if v is not None]
        v = self.rng.choice(values) if values else self.rng.randint(-3, 3)
        if e.integer or self.rng.random() < 0.2:
            return int_literal(int(round(v)))
        return double_literal(v)

    def numeric(self, depth):
        column = self.pick_column("int", "double")
        if depth <= 0 or column is None or self.rng.random() < 0.35:
            if column is None or self.rng.random() < 0.1:
                if self.rng.random() < 0.6:
                    return int_literal(self.rng.randint(-5, 50))
                return double_literal(self.rng.uniform(-2, 100))
            return column
        builder = self.rng.choices([self.arith, self.function, self.negate, self.if_number, self.case_number],
                                   weights=[6, 6, 1, 2, 1])[0]
        return builder(depth)

    def arith(self, depth):
        op = self.rng.choices("+-*/%", weights=[3, 3, 2, 3, 1])[0]
        a = self.numeric(depth - 1)
        b = self.numeric(depth - 1) if self.rng.random() < 0.6 else self.literal_near(a)
        e = arithmetic(op, a, b)
        if e.integer and e.bound >= EXACT_INTEGERS:
            e = arithmetic("+", a, b)  # keep integer results exact in both systems
        return e

    def negate(self, depth):
        a = self.numeric(depth - 1)
        inner = wrap(a, P_NEG)
        if inner.startswith("-"):
            inner = f"({inner})"
        return Expr(f"-{inner}", f"(-{a.sql})", "num", integer=a.integer, bound=a.bound,
                    prec=P_NEG)

    def function(self, depth):
        a = self.numeric(depth - 1)
        name = self.rng.choice(["abs", "sqrt", "log", "log10", "exp", "floor", "ceil", "round", "round", "clip",
                                "years", "fill", "coalesce"])
        if name == "abs":
            return call("abs", [a], f"abs({a.sql})", integer=a.integer, bound=a.bound)
        if name in ("sqrt", "log", "log10"):
            domain = ">= 0" if name == "sqrt" else "> 0"
            fn = "ln" if name == "log" else name
            return call(name, [a], f"(CASE WHEN {a.sql} {domain} THEN {fn}({a.sql}) END)")
        if name == "exp" and a.bound <= 30:
            return call("exp", [a], f"exp({a.sql})", bound=math.exp(a.bound))
        if name in ("floor", "ceil") and a.bound < 1e12:
            return call(name, [a], f"CAST({name}({a.sql}) AS BIGINT)", integer=True,
                        bound=a.bound + 1)
        if name == "round":
            return self.rounding(a)
        if name == "clip":
            lo, hi = sorted([self.literal_near(a), self.literal_near(a)], key=lambda e: e.value)
            return call("clip", [a, lo, hi],
                        f"(CASE WHEN {a.sql} IS NULL THEN NULL ELSE least(greatest({a.sql}, {lo.sql}), {hi.sql}) END)",
                        integer=a.integer and lo.integer and hi.integer,
                        bound=max(lo.bound, hi.bound))
        if name == "years":
            return call("years", [a], f"((-{a.sql}) / CAST('365.25' AS DOUBLE))",
                        bound=a.bound / 365.25)
        if name == "fill":
            return coalesce("fill", [a, self.literal_near(a)])
        if name == "coalesce":
            return coalesce("coalesce", [a] + [self.numeric(depth - 1) for _ in range(self.rng.randint(1, 2))])
        return a

    def rounding(self, a):
        """round(x) and round(x, 0) are integers; with digits, the exact binary value decides."""
        digits = self.rng.choice([None, 0, 1, 2, 2, 3])
        if (digits or 0) > 0 and a.bound * 10 ** digits < 1e15:
            return call("round", [a, int_literal(digits)], f"round({a.sql}, {digits})",
                        bound=a.bound + 1)
        if a.bound >= 1e12:
            return a
        args = [a] if digits is None else [a, int_literal(0)]
        return call("round", args, f"CAST(round({a.sql}) AS BIGINT)", integer=True,
                    bound=a.bound + 1)

    def if_number(self, depth):
        c = self.condition(depth - 1)
        yes = self.numeric(depth - 1)
        no = MISSING if self.rng.random() < 0.1 else self.numeric(depth - 1)
        return conditional(c, yes, no)

    def case_number(self, depth):
        branches = [(self.condition(depth - 1), self.numeric(depth - 1)) for _ in range(self.rng.randint(1, 3))]
        return case_when(branches, self.numeric(depth - 1) if self.rng.random() < 0.8 else None)

    # Text

    def text(self, depth):
        column = self.pick_column("text")
        if column is None:
            return text_literal(self.rng.choice(["low", "high", "n/a"]))
        roll = self.rng.random()
        if depth <= 0 or roll < 0.5:
            return column
        if roll < 0.7:
            other = self.text(depth - 1) if self.rng.random() < 0.5 else text_literal("none")
            return coalesce(self.rng.choice(["fill", "coalesce"]), [column, other])
        if roll < 0.9:
            yes = text_literal("yes") if self.rng.random() < 0.5 else self.text(depth - 1)
            no = MISSING if self.rng.random() < 0.1 else text_literal("no")
            return conditional(self.condition(depth - 1), yes, no)
        branches = [(self.condition(depth - 1), text_literal(label)) for label in ("a", "b")]
        return case_when(branches, column if self.rng.random() < 0.5 else None)

    # Conditions

    def condition(self, depth):
        builders = [self.compare_numbers, self.compare_text, self.membership, self.between, self.missing_test,
                    self.text_match, self.bool_column]
        weights = [6, 3, 2, 2, 2, 3, 1]
        if depth > 0:
            builders += [self.combine, self.negate_condition, self.known, self.choose_condition]
            weights += [4, 1, 1, 1]
        for _ in range(20):
            e = self.rng.choices(builders, weights=weights)[0](depth)
            if e is not None:
                return e
        return bool_literal(True)

    def compare_numbers(self, depth):
        a = self.numeric(min(depth, 1))
        op = self.rng.choice(["==", "=", "!=", "<>", "<", "<=", ">", ">="])
        b = self.literal_near(a) if self.rng.random() < 0.7 else self.numeric(0)
        return comparison(op, a, b)

    def compare_text(self, depth):
        a = self.text(min(depth, 1))
        if a.sql.startswith("'"):
            return None  # two constants say nothing about the data
        op = self.rng.choice(["==", "==", "!=", "<", ">="])
        labels = self.labels(a)
        if labels and self.rng.random() < 0.85:
            return comparison(op, a, text_literal(self.rng.choice(labels)))
        b = self.pick_column("text")
        return comparison(op, a, b) if b is not None else None

    def membership(self, depth):
        a = self.pick_column("int", "text") if self.rng.random() < 0.8 else self.numeric(min(depth, 1))
        if a is None:
            return None
        values = [v for v in self.pipe.profile(a.sql, a.kind).common if not isinstance(v, str) or usable_label(v)]
        if not values:
            return None
        chosen = self.rng.sample(values, min(len(values), self.rng.randint(1, 4)))
        items = [text_literal(v) if a.kind == "text" else int_literal(int(v)) if a.integer else double_literal(v)
                 for v in chosen]
        negated = self.rng.random() < 0.3
        ours = f"{wrap(a, P_ADD)} {'not in' if negated else 'in'} ({', '.join(i.ours for i in items)})"
        sql = f"({a.sql} {'NOT IN' if negated else 'IN'} ({', '.join(i.sql for i in items)}))"
        return Expr(ours, sql, "bool", prec=P_CMP)

    def between(self, depth):
        a = self.numeric(min(depth, 1))
        lo, hi = self.literal_near(a), self.literal_near(a)
        if self.rng.random() < 0.8:
            lo, hi = sorted([lo, hi], key=lambda e: e.value)
        return Expr(f"{wrap(a, P_ADD)} between {wrap(lo, P_ADD)} and {wrap(hi, P_ADD)}",
                    f"({a.sql} BETWEEN {lo.sql} AND {hi.sql})", "bool", prec=P_CMP)

    def missing_test(self, depth):
        if self.rng.random() < 0.7:
            a = self.pick_column("int", "double", "text", "bool")
        else:
            a = self.numeric(min(depth, 1))
        if a is None:
            return None
        negated = self.rng.random() < 0.4
        return Expr(f"{wrap(a, P_ADD)} is {'not ' if negated else ''}missing",
                    f"({a.sql} IS {'NOT ' if negated else ''}NULL)", "bool", prec=P_CMP)

    def text_match(self, depth):
        """contains, starts_with, ends_with: all ignore case; an empty needle matches any value."""
        a = self.pick_column("text")
        if a is None:
            return None
        labels = self.labels(a)
        if not labels:
            return None
        label = self.rng.choice(labels)
        op = self.rng.choice(["contains", "contains", "starts_with", "ends_with"])
        if self.rng.random() < 0.05:
            needle = ""
        elif op == "contains":
            i = self.rng.randrange(len(label))
            needle = label[i:i + self.rng.randint(1, 5)]
        elif op == "starts_with":
            needle = label[:self.rng.randint(1, len(label))]
        else:
            needle = label[-self.rng.randint(1, len(label)):]
        if self.rng.random() < 0.4:
            needle = needle.swapcase()
        return Expr(f"{a.ours} {op} '{needle}'", f"{op}(lower({a.sql}), {sql_text(needle.lower())})", "bool",
                    prec=P_CMP)

    def bool_column(self, depth):
        return self.pick_column("bool")

    def combine(self, depth):
        return logical(self.rng.choice(["and", "or"]), self.condition(depth - 1), self.condition(depth - 1))

    def negate_condition(self, depth):
        return negation(self.condition(depth - 1))

    def known(self, depth):
        return known_and_true(self.condition(depth - 1))

    def choose_condition(self, depth):
        """Conditions through if, case, fill and coalesce stay conditions."""
        c = self.condition(depth - 1)
        roll = self.rng.random()
        if roll < 0.35:
            return coalesce("fill", [c, bool_literal(self.rng.random() < 0.5)])
        if roll < 0.55:
            return coalesce("coalesce", [c, self.condition(depth - 1)])
        if roll < 0.8:
            return conditional(self.condition(depth - 1), c, self.condition(depth - 1))
        return case_when([(self.condition(depth - 1), c)], bool_literal(False))

    def any(self, depth):
        """A value of any kind, for derive."""
        return self.rng.choices([self.numeric, self.text, self.condition], weights=[6, 2, 2])[0](depth)

    # Aggregates

    def aggregate(self):
        """One output of group/aggregate: an aggregate, or arithmetic on aggregates."""
        roll = self.rng.random()
        a = self.one_aggregate()
        if roll < 0.15:
            b = self.one_aggregate()
            if a.kind == b.kind == "num":
                e = arithmetic(self.rng.choice("+-*/"), a, b)
                return e if not (e.integer and e.bound >= EXACT_INTEGERS) else arithmetic("+", a, b)
        if roll < 0.25 and a.kind == "num":
            return arithmetic(self.rng.choice("*/"), a, int_literal(self.rng.choice([2, 100, 1000])))
        return a

    def aggregate_argument(self, *kinds):
        x = self.pick_column(*kinds) if self.rng.random() < 0.7 else None
        return x if x is not None else self.numeric(1)

    def one_aggregate(self):
        name = self.rng.choices(
            ["count", "count_x", "sum", "mean", "median", "quantile", "min", "max", "std", "var", "nunique",
             "share", "first", "last"],
            weights=[3, 2, 3, 3, 2, 2, 2, 2, 1, 1, 2, 2, 1, 1])[0]
        if name == "count":
            return Expr("count()", "count(*)", "num", integer=True, bound=1e7)
        if name == "share":
            c = self.condition(1)
            return Expr(f"share({c.ours})", f"avg(CAST({c.sql} AS INTEGER))", "num", bound=1)
        if name in ("count_x", "nunique"):
            x = self.aggregate_argument("int", "double", "text", "bool")
            sql = f"count({x.sql})" if name == "count_x" else f"count(DISTINCT {x.sql})"
            return Expr(f"{'count' if name == 'count_x' else name}({x.ours})", sql, "num", integer=True, bound=1e7)
        if name in ("first", "last"):
            x = self.aggregate_argument("int", "double", "text", "bool")
            return Expr(f"{name}({x.ours})", f"{name}({x.sql} ORDER BY __rn) FILTER (WHERE {x.sql} IS NOT NULL)",
                        x.kind, integer=x.integer, bound=x.bound)
        x = self.aggregate_argument("int", "double")
        if name == "sum" and x.integer and x.bound * 1e5 >= EXACT_INTEGERS:
            name = "mean"
        if name == "quantile":
            p = self.rng.choice(["0", "0.1", "0.25", "0.5", "0.75", "0.9", "0.95", "1"])
            return Expr(f"quantile({x.ours}, {p})", f"quantile_cont({x.sql}, {p})", "num", bound=x.bound)
        sql = {"sum": f"sum({x.sql} ORDER BY __rn)", "mean": f"avg({x.sql} ORDER BY __rn)",
               "median": f"median({x.sql})", "min": f"min({x.sql})", "max": f"max({x.sql})",
               "std": f"stddev_samp({x.sql} ORDER BY __rn)", "var": f"var_samp({x.sql} ORDER BY __rn)"}[name]
        bound = {"sum": x.bound * 1e5, "var": x.bound ** 2}.get(name, x.bound)
        return Expr(f"{name}({x.ours})", sql, "num", integer=x.integer and name in ("sum", "min", "max"), bound=bound)


# ---------------------------------------------------------------------------------------------
# Steps.


def hits_known_bug(steps):
    """Whether a pipeline (its steps' text) would hit one of KNOWN_BUGS."""
    if "exclusion-then-pruned" in KNOWN_BUGS:
        def items(step):
            return [i.strip() for i in step[len("select "):].split(",")]
        for i, step in enumerate(steps):
            if step.startswith("select ") and all(x.startswith("-") for x in items(step)):
                for later in steps[i + 1:]:
                    if later.startswith("select ") and any("*" in x for x in items(later)):
                        break  # a pattern may read any column: nothing is pruned before it
                    if later.startswith(("group ", "aggregate ", "distinct ")) or (
                            later.startswith("select ") and not all(x.startswith("-") for x in items(later))):
                        return True
    return False


def matching(pattern, names):
    """Names matching a select pattern, `*` standing for any run of characters (as ours)."""
    if "*" not in pattern:
        return [pattern] if pattern in names else []
    head, tail = pattern.split("*", 1)
    return [n for n in names if n.startswith(head) and n.endswith(tail) and len(n) >= len(head) + len(tail)]


class Generator:
    """Builds one random pipeline, step by step."""

    def __init__(self, rng, con, schema, tag):
        self.rng, self.con, self.schema, self.tag = rng, con, schema, tag

    def pipeline(self):
        table = self.rng.choices(TABLES[:3], weights=[7, 2, 2])[0]
        pipe = Pipeline(self.con, self.schema, table, self.tag)
        ex = Expressions(self.rng, pipe)
        if table != "previous_application" and self.rng.random() < 0.15:
            self.join(pipe, ex)
        for _ in range(self.rng.randint(1, 5)):
            steps = [self.filter, self.derive, self.select, self.sort, self.take, self.group, self.aggregate,
                     self.distinct]
            weights = [6, 5, 2, 3, 1, 1 if pipe.shaped else 3, 0 if pipe.shaped else 1, 0 if pipe.shaped else 1]
            self.rng.choices(steps, weights=weights)[0](pipe, ex)
        self.bound_output(pipe)
        if hits_known_bug(pipe.steps):
            raise Rejected()
        return pipe

    def filter(self, pipe, ex):
        """A condition; one that keeps no row is drawn again, mostly (empty answers say little)."""
        for _ in range(3):
            c = ex.condition(self.rng.randint(0, 2))
            if pipe.query(f"SELECT count(*) FROM {{t}} WHERE {c.sql}")[0][0] > 0 or self.rng.random() < 0.1:
                break
        pipe.push(f"filter {c.ours}", f"SELECT * FROM {{prev}} WHERE {c.sql}", pipe.columns)

    def derive(self, pipe, ex):
        parts = []
        for _ in range(self.rng.randint(1, 2)):
            e = ex.any(self.rng.randint(0, 2))
            existing = [c for c in pipe.columns if not c.name.startswith("SK_ID_")]
            name = self.rng.choice(existing).name if existing and self.rng.random() < 0.15 else pipe.name("v")
            parts.append(f"{name} = {e.ours}")
            if any(c.name == name for c in pipe.columns):  # replaced in place
                body = f"SELECT * REPLACE ({e.sql} AS {q(name)}) FROM {{prev}}"
                columns = [Col(name, column_kind(e)) if c.name == name else c for c in pipe.columns]
            else:
                body = f"SELECT *, {e.sql} AS {q(name)} FROM {{prev}}"
                columns = pipe.columns + [Col(name, column_kind(e))]
            pipe.push(None, body, columns)  # each assignment sees the ones before it
        pipe.steps.append("derive " + ", ".join(parts))

    def select(self, pipe, ex):
        names = [c.name for c in pipe.columns]
        if self.rng.random() < 0.15 and len(names) > 2:
            dropped = self.rng.sample(names, self.rng.randint(1, min(3, len(names) - 1)))
            items, result = [f"-{n}" for n in dropped], [(n, n) for n in names if n not in dropped]
        else:
            items, result = self.select_items(pipe, names)
            if not result:
                return
        kinds = {c.name: c.kind for c in pipe.columns}
        sql = ", ".join(q(s) if n == s else f"{q(s)} AS {q(n)}" for n, s in result)
        pipe.push("select " + ", ".join(items), f"SELECT {sql}, __rn FROM {{prev}}",
                  [Col(n, kinds[s]) for n, s in result])

    def select_items(self, pipe, names):
        """Names, renames and a pattern, then maybe an exclusion: items and (name, source) pairs."""
        items, result = [], []
        pattern = self.pattern(names) if self.rng.random() < 0.25 else None
        chosen = self.rng.sample(names, min(len(names), self.rng.randint(1, 5)))
        if pattern:
            chosen.insert(self.rng.randint(0, len(chosen)), pattern)
        for item in chosen:
            matches = matching(item, names)
            if any(m in [n for n, _ in result] for m in matches):
                continue
            if "*" not in item and self.rng.random() < 0.2:
                new = pipe.name("r")
                items.append(f"{new} = {item}")
                result.append((new, item))
            else:
                items.append(item)
                result.extend((m, m) for m in matches)
        sources = [s for _, s in result]
        once = [s for s in sources if sources.count(s) == 1]  # an exclusion drops one use only
        if pattern and len(once) > 1 and self.rng.random() < 0.4:
            victim = self.rng.choice(once)
            items.append(f"-{victim}")
            result = [(n, s) for n, s in result if s != victim]
        return items, result

    def pattern(self, names):
        """A select pattern (AMT_*, *_AVG) matching a few of the names, if one does."""
        candidates = ["FLAG_DOCUMENT_1*", "AMT_*", "*_AVG", "DAYS_*", "EXT_SOURCE_*", "CNT_*", "*_MODE", "NAME_*", "*_right", "SK_ID_*",
                      "REG_*", "*_CITY", "*_SOCIAL_CIRCLE", "AMT_REQ_*", "AMT_*_SUM", "DAYS_*_DUE"]
        candidates = [p for p in candidates if 0 < len(matching(p, names)) <= 6]
        return self.rng.choice(candidates) if candidates else None

    def sort(self, pipe, ex):
        keys = self.rng.sample(pipe.columns, min(len(pipe.columns), self.rng.randint(1, 3)))
        descending = [self.rng.random() < 0.4 for _ in keys]
        ours = ", ".join(("-" if d else "") + c.name for c, d in zip(keys, descending))
        order = ", ".join(f"{q(c.name)} {'DESC' if d else 'ASC'} NULLS LAST" for c, d in zip(keys, descending))
        pipe.push(f"sort {ours}",
                  f"SELECT * EXCLUDE (__rn), row_number() OVER (ORDER BY {order}, __rn) AS __rn FROM {{prev}}",
                  pipe.columns)
        if self.rng.random() < 0.5:
            self.take(pipe, ex)  # sort then take is a path of its own

    def take(self, pipe, ex):
        rows = pipe.rows()
        if self.rng.random() < 0.7 or rows < 2:
            n = self.rng.randint(0 if self.rng.random() < 0.05 else 1, max(1, min(rows, 30)))
            pipe.push(f"take {n}", f"SELECT * FROM {{prev}} ORDER BY __rn LIMIT {n}", pipe.columns)
        else:
            first = self.rng.randint(1, rows)
            last = first + self.rng.randint(0, 20)
            pipe.push(f"take {first}..{last}",
                      f"SELECT * FROM {{prev}} ORDER BY __rn LIMIT {last - first + 1} OFFSET {first - 1}",
                      pipe.columns)

    def keys(self, pipe, most):
        """Up to `most` distinct columns with few values, to group by."""
        candidates = [c for c in pipe.columns if pipe.profile(q(c.name), value_kind(c.kind)).distinct <= 40]
        return self.rng.sample(candidates, min(len(candidates), self.rng.randint(1, most))) if candidates else []

    def outputs(self, pipe, ex):
        return [(pipe.name("a"), ex.aggregate()) for _ in range(self.rng.randint(1, 4))]

    def group(self, pipe, ex, keys=None):
        keys = keys or self.keys(pipe, 2)
        if not keys:
            return
        outputs = self.outputs(pipe, ex)
        key_sql = ", ".join(q(k.name) for k in keys)
        aggs = ", ".join(f"{e.sql} AS {q(n)}" for n, e in outputs)
        pipe.push(f"group {', '.join(k.name for k in keys)} ({', '.join(f'{n} = {e.ours}' for n, e in outputs)})",
                  f"SELECT {key_sql}, {aggs}, min(__rn) AS __rn FROM {{prev}} GROUP BY {key_sql}",
                  keys + [Col(n, column_kind(e)) for n, e in outputs])
        pipe.shaped = True

    def aggregate(self, pipe, ex):
        outputs = self.outputs(pipe, ex)
        listed = ", ".join(f"{n} = {e.ours}" for n, e in outputs)
        pipe.push(f"aggregate {'(' + listed + ')' if self.rng.random() < 0.5 else listed}",
                  f"SELECT {', '.join(f'{e.sql} AS {q(n)}' for n, e in outputs)}, 0 AS __rn FROM {{prev}}",
                  [Col(n, column_kind(e)) for n, e in outputs])
        pipe.shaped = True

    def distinct(self, pipe, ex):
        if len(pipe.columns) <= 4 and self.rng.random() < 0.4:
            keys, step = list(pipe.columns), "distinct"
        else:
            keys = self.keys(pipe, 2)
            if not keys:
                return
            step = "distinct " + ", ".join(k.name for k in keys)
        key_sql = ", ".join(q(k.name) for k in keys)
        pipe.push(step, f"SELECT {key_sql}, min(__rn) AS __rn FROM {{prev}} GROUP BY {key_sql}", keys)
        pipe.shaped = True

    # Joins

    def join(self, pipe, ex):
        """application_train → bureau (→ bureau_balance) or previous_application; or bureau
        grouped by client → application_train."""
        if pipe.tables_read[0] == "bureau":
            outputs = self.outputs(pipe, ex)
            aggs = ", ".join(f"{e.sql} AS {q(n)}" for n, e in outputs)
            pipe.push(f"group SK_ID_CURR ({', '.join(f'{n} = {e.ours}' for n, e in outputs)})",
                      f"SELECT SK_ID_CURR, {aggs}, min(__rn) AS __rn FROM {{prev}} GROUP BY SK_ID_CURR",
                      [pipe.column("SK_ID_CURR")] + [Col(n, column_kind(e)) for n, e in outputs])
            self.join_step(pipe, "application_train", "SK_ID_CURR")
        else:
            if self.rng.random() < 0.4:
                self.filter(pipe, ex)
            right = self.rng.choice(["bureau", "bureau", "previous_application"])
            if self.rng.random() < 0.7:
                others = [c for c in pipe.columns if c.name != "SK_ID_CURR"]
                keep = [pipe.column("SK_ID_CURR")] + self.rng.sample(others, self.rng.randint(1, 4))
                shared = [c for c in others if c.name in {n for n, _ in self.schema[right]} and c not in keep]
                if shared and self.rng.random() < 0.6:
                    keep.append(self.rng.choice(shared))  # its right-hand namesake becomes X_right
                pipe.push(f"select {', '.join(c.name for c in keep)}",
                          f"SELECT {', '.join(q(c.name) for c in keep)}, __rn FROM {{prev}}", keep)
            self.join_step(pipe, right, "SK_ID_CURR")
            if right == "bureau" and self.rng.random() < 0.25:
                self.join_step(pipe, "bureau_balance", "SK_ID_BUREAU")
        pipe.shaped = True
        if self.rng.random() < 0.5:
            self.group(pipe, ex)

    def join_step(self, pipe, right, key):
        """join [inner|left] right [on key]: left rows in order, each with its matches in the
        right table's order; the right key is dropped and shared names get `_right`."""
        kind = self.rng.choice(["inner", "left", ""])
        on = f" on {key}" if self.rng.random() < 0.7 else ""
        left_names = {c.name for c in pipe.columns}
        right_cols = [Col(n + "_right" if n in left_names else n, k) for n, k in self.schema[right] if n != key]
        picks = ", ".join(f"r.{q(n)} AS {q(c.name)}" for (n, _), c in
                          zip([f for f in self.schema[right] if f[0] != key], right_cols))
        sql_join = "INNER JOIN" if kind == "inner" else "LEFT JOIN"
        pipe.push(f"join {kind + ' ' if kind else ''}{right}{on}",
                  f"SELECT l.* EXCLUDE (__rn), {picks}, "
                  f"row_number() OVER (ORDER BY l.__rn, r.__rn NULLS FIRST) AS __rn "
                  f"FROM {{prev}} AS l {sql_join} {q(right)} AS r ON l.{q(key)} = r.{q(key)}",
                  pipe.columns + right_cols)
        pipe.tables_read.append(right)

    def bound_output(self, pipe):
        """A small answer, at most MAX_COLUMNS columns and MAX_ROWS rows, keeps the fixture small."""
        if len(pipe.columns) > MAX_COLUMNS:
            keep = self.rng.sample(range(len(pipe.columns)), self.rng.randint(2, MAX_COLUMNS - 1))
            keep = [pipe.columns[i] for i in sorted(keep)]
            pipe.push("select " + ", ".join(c.name for c in keep),
                      f"SELECT {', '.join(q(c.name) for c in keep)}, __rn FROM {{prev}}", keep)
        if pipe.rows() > MAX_ROWS:
            if self.rng.random() < 0.5:
                self.sort(pipe, None)
            if pipe.rows() > MAX_ROWS:
                n = self.rng.randint(1, MAX_ROWS)
                pipe.push(f"take {n}", f"SELECT * FROM {{prev}} ORDER BY __rn LIMIT {n}", pipe.columns)


# ---------------------------------------------------------------------------------------------
# Answers and their comparison.


def duckdb_answer(con, sql):
    """DuckDB's answer: column names, our type names, rows of Python values."""
    cur = con.execute(sql)
    rows = cur.fetchall()
    types = []
    for _, t, *_ in cur.description:
        t = str(t)
        types.append("bool" if t == "BOOLEAN" else "text" if t == "VARCHAR" else
                     "double" if t in ("DOUBLE", "FLOAT") or t.startswith("DECIMAL") else "int")
    rows = [[float(v) if t == "double" and v is not None else v for v, t in zip(row, types)] for row in rows]
    return [d[0] for d in cur.description], types, rows


@dataclass
class OurAnswer:
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    error: str = ""


def run_ours(binary, data, cache, statement):
    """Our tool's answer as CSV text cells (`.mode csv`), or its error."""
    command = [binary, "--data", data, "--cache", cache, "-c", ".mode csv", "-c", statement]
    for _ in range(150):  # the binary may be missing or busy for a moment while it is rebuilt
        try:
            p = subprocess.run(command, capture_output=True, text=True)
            break
        except OSError:
            time.sleep(2)
    else:
        p = subprocess.run(command, capture_output=True, text=True)
    if p.returncode != 0:
        lines = [l for l in p.stderr.strip().splitlines() if l.strip()]
        return OurAnswer(error=f"exit {p.returncode}: " + (" / ".join(lines[:3]) or "(no message)"))
    table = list(csv.reader(io.StringIO(p.stdout)))
    return OurAnswer(columns=table[0] if table else [], rows=table[1:])


def close(a, b):
    """Doubles equal to 1e-12 relative (quantiles and sums may differ in the last bits)."""
    return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


def same_cell(expected, kind, text):
    if expected is None:
        return text == ""
    if kind == "text":
        return text == expected
    if kind == "bool":
        return text == ("true" if expected else "false")
    try:
        got = float(text)
    except ValueError:
        return False
    if kind == "int" and text.lstrip("-").isdigit():
        return int(text) == expected
    return close(float(expected), got)


def first_difference(expected, ours):
    """None when our answer is DuckDB's, else what differs first."""
    columns, types, rows = expected
    if ours.error:
        return f"ours failed: {ours.error}"
    if ours.columns != columns:
        return f"columns: ours {ours.columns}, DuckDB {columns}"
    if len(ours.rows) != len(rows):
        return f"rows: ours {len(ours.rows)}, DuckDB {len(rows)}"
    for r, (want, got) in enumerate(zip(rows, ours.rows)):
        for c, (w, k, g) in enumerate(zip(want, types, got)):
            if not same_cell(w, k, g):
                return f"row {r + 1}, column {columns[c]}: ours {g!r}, DuckDB {w!r}"
    return None


def encode(rows, types):
    """Rows for JSON: doubles as repr() strings so they round-trip exactly; NULL as null."""
    out = []
    for row in rows:
        cells = []
        for v, t in zip(row, types):
            if v is None:
                cells.append(None)
            elif t == "double":
                if not math.isfinite(v):
                    raise ValueError(f"non-finite double {v}")
                cells.append(repr(v))
            elif t == "int":
                if not -2 ** 63 <= v < 2 ** 63:
                    raise ValueError(f"integer out of range {v}")
                cells.append(int(v))
            else:
                cells.append(v)
        out.append(cells)
    return out


# ---------------------------------------------------------------------------------------------


def generate(con, schema, seed, count):
    """`count` pipelines with DuckDB's answers. Each draws from its own stream, so that a change
    to one pipeline does not reshuffle the others."""
    cases = []
    for i in range(count):
        for attempt in range(20):
            rng = random.Random(f"{seed}:{i}:{attempt}")
            pipe = None
            try:
                pipe = Generator(rng, con, schema, f"p{i}").pipeline()
                answer = duckdb_answer(con, pipe.sql())
                encode(answer[2], answer[1])
                break
            except Rejected:
                pass
            except Exception as error:  # a generator bug: say so and draw again
                print(f"pipeline {i + 1} attempt {attempt}: {type(error).__name__}: {error}", file=sys.stderr)
            finally:
                if pipe is not None:
                    pipe.close()
        else:
            sys.exit(f"could not generate pipeline {i + 1}")
        cases.append({"id": i + 1, "pipeline": pipe.text(), "sql": pipe.sql(), "answer": answer})
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--data", default=os.path.join(ROOT, "datasets", "default"))
    parser.add_argument("--binary", required=True, help="the credit-explorer executable")
    parser.add_argument("--cache", default=os.path.join(ROOT, ".bench", "differential-cache"))
    parser.add_argument("--out", default=FIXTURE, help="the fixture to write (DuckDB's answers)")
    parser.add_argument("--disagreements", default=os.path.join(ROOT, ".bench", "differential-disagreements.jsonl"),
                        help="where to write the pipelines on which ours and DuckDB disagree")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()

    import duckdb
    print(f"DuckDB {duckdb.__version__}, seed {args.seed}, {args.count} pipelines, binary {args.binary}", file=sys.stderr)
    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute("SET enable_progress_bar = false")
    schema = {t: our_column_types(args.binary, args.data, args.cache, t) for t in TABLES}
    load_duckdb(con, args.data, schema)

    cases = generate(con, schema, args.seed, args.count)
    with ThreadPoolExecutor(args.jobs) as pool:
        ours = list(pool.map(lambda c: run_ours(args.binary, args.data, args.cache, c["pipeline"]), cases))

    disagreements = []
    for case, answer in zip(cases, ours):
        difference = first_difference(case["answer"], answer)
        if difference:
            disagreements.append({"id": case["id"], "pipeline": case["pipeline"], "sql": case["sql"],
                                  "difference": difference})
            print(f"#{case['id']}: {case['pipeline']}\n    {difference}", file=sys.stderr)

    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        for case in cases:
            columns, types, rows = case["answer"]
            f.write(json.dumps({"id": case["id"], "pipeline": case["pipeline"], "sql": case["sql"],
                                "columns": columns, "types": types, "rows": encode(rows, types)}) + "\n")
    os.makedirs(os.path.dirname(args.disagreements), exist_ok=True)
    with open(args.disagreements, "w") as f:
        for d in disagreements:
            f.write(json.dumps(d) + "\n")
    print(json.dumps({"seed": args.seed, "pipelines": len(cases), "agreed": len(cases) - len(disagreements),
                      "disagreed": len(disagreements)}))


if __name__ == "__main__":
    main()
