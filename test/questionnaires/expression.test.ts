import { describe, expect, it } from "vitest";
import {
  evaluate,
  ExpressionError,
  isItemRelevant,
  parseExpression,
  referencedItems,
  resolveRelevance,
  type AnswerLookup,
  type AnswerState,
} from "../../src/questionnaires/expression";

function answers(states: Record<string, AnswerState>): AnswerLookup {
  return (id) => states[id] ?? { kind: "none" };
}

function errorOf(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected "${source}" not to parse`);
}

describe("parseExpression", () => {
  it("parses a comparison of an answer with a number", () => {
    expect(parseExpression('current("a-1") >= 2')).toEqual({
      type: "compare",
      op: ">=",
      column: 1,
      left: { type: "call", fn: "current", item: "a-1", column: 1, itemColumn: 9 },
      right: { type: "number", value: 2, column: 19 },
    });
  });

  it("binds 'and' tighter than 'or'", () => {
    const ast = parseExpression('answered("a") or answered("b") and answered("c")');
    expect(ast.type).toBe("or");
    if (ast.type !== "or") return;
    expect(ast.operands[0]).toMatchObject({ type: "call", item: "a" });
    expect(ast.operands[1]).toMatchObject({ type: "and", operands: [{ item: "b" }, { item: "c" }] });
  });

  it("binds 'not' looser than a comparison and tighter than 'and'", () => {
    const ast = parseExpression('not current("a") = 1 and na("b")');
    expect(ast).toMatchObject({
      type: "and",
      operands: [
        { type: "not", operand: { type: "compare", op: "=" } },
        { type: "call", fn: "na" },
      ],
    });
  });

  it("lets parentheses override precedence", () => {
    const ast = parseExpression('(answered("a") or answered("b")) and answered("c")');
    expect(ast).toMatchObject({ type: "and", operands: [{ type: "or" }, { type: "call", item: "c" }] });
  });

  it("reads decimals and every comparison operator", () => {
    for (const op of ["=", "!=", "<", "<=", ">", ">="]) {
      expect(parseExpression(`target("x") ${op} 2.5`)).toMatchObject({ type: "compare", op, right: { value: 2.5 } });
    }
  });

  it.each([
    ['current("a") >= ', "the condition ends too early", 17],
    ['current("a") >= 1 and', "the condition ends too early", 22],
    ['answered("a") and or na("b")', 'expected a value before "or"', 19],
    ['current("a) >= 1', 'the item id has no closing "', 9],
    ["current(a) >= 1", "expected an item id in double quotes", 9],
    ["current('a') >= 1", "double quotes", 9],
    ['currnt("a") >= 1', 'unknown function "currnt"', 1],
    ['current("a") == 1', 'use "=" to test equality', 14],
    ['answered("a") && answered("b")', 'use "and"', 15],
    ['(answered("a") or na("b")', 'expected ")" to close the "(" at column 1', 26],
    ['1 < current("a") < 3', 'comparisons cannot be chained; join them with "and"', 18],
    ['current("a")', "must be true or false, but this is a number", 1],
    ['answered("a") and current("b")', "must be true or false", 19],
    ['answered("a") = 1', '"=" compares numbers, but this is true or false', 1],
    ["not 3", "must be true or false", 5],
    ['current("") > 1', "the item id is empty", 9],
    ['current("a") >= 1 answered("b")', 'expected "and", "or" or the end of the condition', 19],
    ['current("a") >= 1 # note', 'unexpected character "#"', 19],
  ])("rejects %s with its column", (source, fragment, column) => {
    const error = errorOf(source);
    expect(error.reason).toContain(fragment);
    expect(error.column).toBe(column);
    expect(error.message).toBe(`${error.reason} at column ${column}`);
  });
});

describe("referencedItems", () => {
  it("lists each item once, in order of first mention, with the column of its id", () => {
    const ast = parseExpression('current("b") > 1 or (na("a") and not dontknow("b"))');
    expect(referencedItems(ast)).toEqual([
      { item: "b", column: 9 },
      { item: "a", column: 25 },
    ]);
  });
});

describe("evaluate", () => {
  const lookup = answers({
    a: { kind: "answered", current: 2, target: 4, importance: 3 },
    b: { kind: "na" },
    c: { kind: "dontknow" },
    d: { kind: "answered", target: 3 },
  });
  const run = (source: string) => evaluate(parseExpression(source), lookup);

  it("reads current, target and importance of an answered item", () => {
    expect(run('current("a") = 2')).toBe(true);
    expect(run('target("a") > current("a")')).toBe(true);
    expect(run('importance("a") >= 3')).toBe(true);
    expect(run('current("a") < 2')).toBe(false);
  });

  it("makes every comparison with a missing number false, '!=' included", () => {
    for (const id of ["b", "c", "none"]) {
      expect(run(`current("${id}") >= 0`)).toBe(false);
      expect(run(`current("${id}") != 3`)).toBe(false);
      expect(run(`not current("${id}") = 3`)).toBe(true);
    }
    expect(run('current("d") = 0')).toBe(false);
    expect(run('target("d") = 3')).toBe(true);
  });

  it("tests how an item was answered", () => {
    expect(run('answered("a")')).toBe(true);
    expect(run('answered("d")')).toBe(false);
    expect(run('na("b") and dontknow("c")')).toBe(true);
    expect(run('na("a") or dontknow("a")')).toBe(false);
    expect(run('answered("none")')).toBe(false);
  });

  it("applies precedence when evaluating", () => {
    expect(run('answered("a") or na("a") and na("a")')).toBe(true);
    expect(run('(answered("a") or na("a")) and na("a")')).toBe(false);
    expect(run('not na("a") and na("b")')).toBe(true);
  });
});

describe("isItemRelevant", () => {
  it("shows items without a condition and evaluates the others", () => {
    const lookup = answers({ a: { kind: "answered", current: 1 } });
    expect(isItemRelevant({}, lookup)).toBe(true);
    expect(isItemRelevant({ relevance: 'current("a") >= 1' }, lookup)).toBe(true);
    expect(isItemRelevant({ relevance: 'current("a") >= 2' }, lookup)).toBe(false);
  });

  it("throws ExpressionError for a malformed condition", () => {
    expect(() => isItemRelevant({ relevance: 'current("a" >= 2' }, answers({}))).toThrow(ExpressionError);
  });
});

describe("resolveRelevance", () => {
  it("treats an item hidden by its own condition as not applicable for the items that depend on it", () => {
    const items = [{ id: "a" }, { id: "b", relevance: 'current("a") >= 3' }, { id: "c", relevance: 'answered("b")' }, { id: "d", relevance: 'na("b")' }];
    const lookup = answers({ a: { kind: "answered", current: 1 }, b: { kind: "answered", current: 4 } });
    expect(Object.fromEntries(resolveRelevance(items, lookup))).toEqual({ a: true, b: false, c: false, d: true });
  });

  it("settles conditions in dependency order whatever the item order", () => {
    const items = [{ id: "c", relevance: 'answered("b")' }, { id: "b", relevance: 'current("a") >= 3' }, { id: "a" }];
    const lookup = answers({ a: { kind: "answered", current: 4 }, b: { kind: "answered", current: 4 } });
    expect(Object.fromEntries(resolveRelevance(items, lookup))).toEqual({ a: true, b: true, c: true });
  });
});
