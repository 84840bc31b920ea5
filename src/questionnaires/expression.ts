// The relevance condition language of instrument items: tokenizer, recursive-descent parser with a
// static type check, and evaluator. Conditions are data from files, so they are never run as code.

/** Functions that read a number from an answer: nothing when unanswered, not applicable or don't know. */
export const numberFunctions = ["current", "target", "importance", "value"] as const;
/** Functions that test how an item was answered; `chosen` takes a background question and one of its options. */
export const conditionFunctions = ["answered", "na", "dontknow", "chosen"] as const;

export type NumberFunction = (typeof numberFunctions)[number];
export type ConditionFunction = (typeof conditionFunctions)[number];
export type CallFunction = NumberFunction | ConditionFunction;
export type ComparisonOperator = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** A node of a parsed condition. `column` is the 1-based position of the node's first character. */
export type Expression =
  | { type: "number"; value: number; column: number }
  | { type: "call"; fn: CallFunction; item: string; column: number; itemColumn: number; option?: string; optionColumn?: number }
  | { type: "compare"; op: ComparisonOperator; left: Expression; right: Expression; column: number }
  | { type: "and" | "or"; operands: Expression[]; column: number }
  | { type: "not"; operand: Expression; column: number };

/** What a condition may know about one item's answer. */
export interface AnswerState {
  kind: "answered" | "na" | "dontknow" | "none";
  current?: number;
  target?: number;
  importance?: number;
  /** A background question: the options chosen (single, multiple, yes/no), the number given (integer). */
  choices?: readonly string[];
  value?: number;
}

export type AnswerLookup = (itemId: string) => AnswerState;

/** A condition that cannot be parsed; `column` is 1-based within the condition text. */
export class ExpressionError extends Error {
  constructor(
    readonly reason: string,
    readonly column: number,
  ) {
    super(`${reason} at column ${column}`);
    this.name = "ExpressionError";
  }
}

type Token =
  | { kind: "number"; value: number; text: string; column: number }
  | { kind: "string"; value: string; text: string; column: number }
  | { kind: "word"; text: string; column: number }
  | { kind: "op"; text: ComparisonOperator; column: number }
  | { kind: "paren"; text: "(" | ")"; column: number }
  | { kind: "comma"; text: ","; column: number }
  | { kind: "end"; text: ""; column: number };

const mistakenOperators: Record<string, string> = {
  "==": 'use "=" to test equality',
  "&&": 'use "and"',
  "||": 'use "or"',
  "!": 'use "not", or "!=" for "differs from"',
  "<>": 'use "!="',
};

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    const column = i + 1;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const match = /^[0-9]+(?:\.[0-9]+)?/.exec(source.slice(i))!;
      tokens.push({ kind: "number", value: Number(match[0]), text: match[0], column });
      i += match[0].length;
      continue;
    }
    if (ch === '"') {
      const close = source.indexOf('"', i + 1);
      const newline = source.indexOf("\n", i + 1);
      if (close === -1 || (newline !== -1 && newline < close)) {
        throw new ExpressionError('the item id has no closing "', column);
      }
      const value = source.slice(i + 1, close);
      tokens.push({ kind: "string", value, text: source.slice(i, close + 1), column });
      i = close + 1;
      continue;
    }
    if (ch === "'") {
      throw new ExpressionError(`item ids are written in double quotes, as in current("item-id")`, column);
    }
    if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ kind: "word", text: match[0], column });
      i += match[0].length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (two in mistakenOperators) {
      throw new ExpressionError(`"${two}" is not an operator: ${mistakenOperators[two]}`, column);
    }
    if (two === "!=" || two === "<=" || two === ">=") {
      tokens.push({ kind: "op", text: two, column });
      i += 2;
      continue;
    }
    if (ch === "=" || ch === "<" || ch === ">") {
      tokens.push({ kind: "op", text: ch, column });
      i += 1;
      continue;
    }
    if (ch in mistakenOperators) {
      throw new ExpressionError(`"${ch}" is not an operator: ${mistakenOperators[ch]}`, column);
    }
    if (ch === ",") {
      tokens.push({ kind: "comma", text: ",", column });
      i += 1;
      continue;
    }
    if (ch === "(" || ch === ")") {
      tokens.push({ kind: "paren", text: ch, column });
      i += 1;
      continue;
    }
    throw new ExpressionError(`unexpected character "${ch}"`, column);
  }
  tokens.push({ kind: "end", text: "", column: source.length + 1 });
  return tokens;
}

type ValueType = "number" | "condition";

function valueType(node: Expression): ValueType {
  if (node.type === "number") return "number";
  if (node.type === "call") return (numberFunctions as readonly string[]).includes(node.fn) ? "number" : "condition";
  return "condition";
}

function describeToken(token: Token): string {
  return token.kind === "end" ? "the end of the condition" : `"${token.text}"`;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expression {
    const node = this.parseOr();
    const next = this.peek();
    if (next.kind === "op") {
      throw new ExpressionError(`comparisons cannot be chained; join them with "and"`, next.column);
    }
    if (next.kind !== "end") {
      throw new ExpressionError(`expected "and", "or" or the end of the condition, found ${describeToken(next)}`, next.column);
    }
    this.expectCondition(node, "a relevance condition");
    return node;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private take(): Token {
    const token = this.tokens[this.position];
    if (token.kind !== "end") this.position += 1;
    return token;
  }

  private isWord(text: string): boolean {
    const token = this.peek();
    return token.kind === "word" && token.text === text;
  }

  private expectCondition(node: Expression, where: string): void {
    if (valueType(node) !== "condition") {
      const hint = node.type === "call" ? `; compare it, as in ${node.fn}("${node.item}") >= 1` : "";
      throw new ExpressionError(`${where} must be true or false, but this is a number${hint}`, node.column);
    }
  }

  private parseOr(): Expression {
    const first = this.parseAnd();
    if (!this.isWord("or")) return first;
    const operands = [first];
    while (this.isWord("or")) {
      this.take();
      operands.push(this.parseAnd());
    }
    for (const operand of operands) this.expectCondition(operand, 'each side of "or"');
    return { type: "or", operands, column: first.column };
  }

  private parseAnd(): Expression {
    const first = this.parseNot();
    if (!this.isWord("and")) return first;
    const operands = [first];
    while (this.isWord("and")) {
      this.take();
      operands.push(this.parseNot());
    }
    for (const operand of operands) this.expectCondition(operand, 'each side of "and"');
    return { type: "and", operands, column: first.column };
  }

  private parseNot(): Expression {
    if (this.isWord("not")) {
      const keyword = this.take();
      const operand = this.parseNot();
      this.expectCondition(operand, 'what follows "not"');
      return { type: "not", operand, column: keyword.column };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expression {
    const left = this.parseValue();
    const next = this.peek();
    if (next.kind !== "op") return left;
    this.take();
    const right = this.parseValue();
    for (const side of [left, right]) {
      if (valueType(side) !== "number") {
        throw new ExpressionError(`"${next.text}" compares numbers, but this is true or false`, side.column);
      }
    }
    return { type: "compare", op: next.text, left, right, column: left.column };
  }

  private parseValue(): Expression {
    const token = this.take();
    if (token.kind === "number") return { type: "number", value: token.value, column: token.column };
    if (token.kind === "paren" && token.text === "(") {
      const inner = this.parseOr();
      const close = this.take();
      if (close.kind !== "paren" || close.text !== ")") {
        throw new ExpressionError(`expected ")" to close the "(" at column ${token.column}, found ${describeToken(close)}`, close.column);
      }
      return inner;
    }
    if (token.kind === "word") {
      if (token.text === "and" || token.text === "or" || token.text === "not") {
        throw new ExpressionError(`expected a value before "${token.text}"`, token.column);
      }
      const fn = [...numberFunctions, ...conditionFunctions].find((name) => name === token.text);
      if (fn === undefined) {
        throw new ExpressionError(`unknown function "${token.text}"; use one of ${[...numberFunctions, ...conditionFunctions].join(", ")}`, token.column);
      }
      const open = this.take();
      if (open.kind !== "paren" || open.text !== "(") {
        throw new ExpressionError(`expected "(" after ${fn}, found ${describeToken(open)}`, open.column);
      }
      const argument = this.take();
      if (argument.kind !== "string") {
        throw new ExpressionError(`expected an item id in double quotes, found ${describeToken(argument)}`, argument.column);
      }
      if (argument.value.trim() === "") {
        throw new ExpressionError("the item id is empty", argument.column);
      }
      let option: Token | undefined;
      if (fn === "chosen") {
        const comma = this.take();
        if (comma.kind !== "comma")
          throw new ExpressionError(
            `chosen takes a question id and an option id, as in chosen("question-id", "option-id"); found ${describeToken(comma)}`,
            comma.column,
          );
        option = this.take();
        if (option.kind !== "string" || option.value.trim() === "")
          throw new ExpressionError(`expected an option id in double quotes, found ${describeToken(option)}`, option.column);
      }
      const close = this.take();
      if (close.kind !== "paren" || close.text !== ")") {
        throw new ExpressionError(`expected ")" after the ${option ? "option" : "item"} id, found ${describeToken(close)}`, close.column);
      }
      const call: Expression = { type: "call", fn, item: argument.value, column: token.column, itemColumn: argument.column };
      if (option?.kind === "string") Object.assign(call, { option: option.value, optionColumn: option.column });
      return call;
    }
    if (token.kind === "end") throw new ExpressionError("the condition ends too early", token.column);
    throw new ExpressionError(`expected a number, a function such as current("item-id") or "(", found ${describeToken(token)}`, token.column);
  }
}

/** Parses a relevance condition; throws ExpressionError, with the column, when it is malformed or not true/false. */
export function parseExpression(source: string): Expression {
  return new Parser(tokenize(source)).parse();
}

/** Every call of a condition, in order: what consistency checks read (which function, on which item, which option). */
export function conditionCalls(ast: Expression): Extract<Expression, { type: "call" }>[] {
  const out: Extract<Expression, { type: "call" }>[] = [];
  const visit = (node: Expression): void => {
    if (node.type === "call") out.push(node);
    else if (node.type === "compare") [node.left, node.right].forEach(visit);
    else if (node.type === "and" || node.type === "or") node.operands.forEach(visit);
    else if (node.type === "not") visit(node.operand);
  };
  visit(ast);
  return out;
}

/** The item ids a condition reads, in order of first appearance, with the column of each first mention. */
export function referencedItems(ast: Expression): { item: string; column: number }[] {
  const seen = new Map<string, number>();
  const visit = (node: Expression): void => {
    switch (node.type) {
      case "call":
        if (!seen.has(node.item)) seen.set(node.item, node.itemColumn);
        return;
      case "compare":
        visit(node.left);
        visit(node.right);
        return;
      case "and":
      case "or":
        node.operands.forEach(visit);
        return;
      case "not":
        visit(node.operand);
        return;
      case "number":
        return;
    }
  };
  visit(ast);
  return [...seen].map(([item, column]) => ({ item, column }));
}

function evaluateNumber(node: Expression, lookup: AnswerLookup): number | null {
  if (node.type === "number") return node.value;
  if (node.type === "call" && (numberFunctions as readonly string[]).includes(node.fn)) {
    const state = lookup(node.item);
    if (state.kind !== "answered") return null;
    const value = state[node.fn as NumberFunction];
    return typeof value === "number" ? value : null;
  }
  throw new TypeError(`expected a number at column ${node.column}`);
}

function compare(op: ComparisonOperator, left: number, right: number): boolean {
  switch (op) {
    case "=":
      return left === right;
    case "!=":
      return left !== right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
    case ">":
      return left > right;
    case ">=":
      return left >= right;
  }
}

/**
 * Evaluates a parsed condition against the answers. A number that is missing (unanswered, not
 * applicable, don't know) makes every comparison with it false, "!=" included.
 */
export function evaluate(ast: Expression, lookup: AnswerLookup): boolean {
  switch (ast.type) {
    case "and":
      return ast.operands.every((operand) => evaluate(operand, lookup));
    case "or":
      return ast.operands.some((operand) => evaluate(operand, lookup));
    case "not":
      return !evaluate(ast.operand, lookup);
    case "compare": {
      const left = evaluateNumber(ast.left, lookup);
      const right = evaluateNumber(ast.right, lookup);
      return left !== null && right !== null && compare(ast.op, left, right);
    }
    case "call": {
      const state = lookup(ast.item);
      if (ast.fn === "answered")
        return state.kind === "answered" && (typeof state.current === "number" || state.choices !== undefined || state.value !== undefined);
      if (ast.fn === "chosen") return state.kind === "answered" && state.choices !== undefined && state.choices.includes(ast.option ?? "");
      if (ast.fn === "na") return state.kind === "na";
      if (ast.fn === "dontknow") return state.kind === "dontknow";
      throw new TypeError(`${ast.fn}(...) gives a number, not true or false, at column ${ast.column}`);
    }
    case "number":
      throw new TypeError(`a number is not true or false, at column ${ast.column}`);
  }
}

// Instruments are validated at load, so the same few hundred condition texts are parsed once per process.
const parsedConditions = new Map<string, Expression>();

function parsedCondition(source: string): Expression {
  let ast = parsedConditions.get(source);
  if (ast === undefined) {
    ast = parseExpression(source);
    parsedConditions.set(source, ast);
  }
  return ast;
}

/** Whether an item is shown, given the answers: items without a condition always are. */
export function isItemRelevant(item: { relevance?: string }, lookup: AnswerLookup): boolean {
  return item.relevance === undefined ? true : evaluate(parsedCondition(item.relevance), lookup);
}

/**
 * Decides the relevance of every item, treating an item hidden by its own condition as not
 * applicable for the conditions that read it (so hiding cascades). Items whose ids are not in
 * `items` are read from `lookup` as they are. Conditions must not form a cycle (the loader rejects them).
 */
export function resolveRelevance(items: Iterable<{ id: string; relevance?: string }>, lookup: AnswerLookup): Map<string, boolean> {
  const byId = new Map<string, { id: string; relevance?: string }>();
  for (const item of items) byId.set(item.id, item);
  const decided = new Map<string, boolean>();
  const deciding = new Set<string>();

  const decide = (id: string): boolean => {
    const known = decided.get(id);
    if (known !== undefined) return known;
    const item = byId.get(id)!;
    if (deciding.has(id)) throw new Error(`relevance conditions form a cycle through item "${id}"`);
    deciding.add(id);
    const relevant = isItemRelevant(item, effectiveLookup);
    deciding.delete(id);
    decided.set(id, relevant);
    return relevant;
  };

  const effectiveLookup: AnswerLookup = (itemId) => {
    if (byId.has(itemId) && !decide(itemId)) return { kind: "na" };
    return lookup(itemId);
  };

  for (const id of byId.keys()) decide(id);
  return decided;
}
