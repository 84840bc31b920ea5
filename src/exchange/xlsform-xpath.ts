// The XPath that XLSForms write in `relevant`, `required` and `constraint`, translated into our own terms: a relevance
// condition of a background question (chosen, value, answered, na; and, or, not), a yes/no, an integer range. Only
// the forms people write for such questions are understood (${q} = 'x', selected(${q}, 'x'), ${q} >= 3, . <= 10…);
// anything else is refused with the reason, never guessed.
import { preferNotToSay } from "../questionnaires/background";

export class XpathError extends Error {}

type Token =
  | { kind: "ref"; name: string }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number; text: string }
  | { kind: "word"; text: string }
  | { kind: "op"; text: string }
  | { kind: "punct"; text: "(" | ")" | "," | "." }
  | { kind: "end" };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const ch = source[i];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    let match: RegExpExecArray | null;
    if ((match = /^\$\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}/.exec(rest))) tokens.push({ kind: "ref", name: match[1] });
    else if ((match = /^'([^']*)'|^"([^"]*)"/.exec(rest))) tokens.push({ kind: "string", value: match[1] ?? match[2] });
    else if ((match = /^-?[0-9]+(?:\.[0-9]+)?/.exec(rest))) tokens.push({ kind: "number", value: Number(match[0]), text: match[0] });
    else if ((match = /^(!=|<=|>=|=|<|>)/.exec(rest))) tokens.push({ kind: "op", text: match[1] });
    else if ((match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest))) tokens.push({ kind: "word", text: match[0] });
    else if ((match = /^[(),.]/.exec(rest))) tokens.push({ kind: "punct", text: match[0] as "(" | ")" | "," | "." });
    else throw new XpathError(`"${ch}" is not understood here`);
    i += match[0].length;
  }
  tokens.push({ kind: "end" });
  return tokens;
}

/** The XPath subset as a tree. */
type Node =
  | { type: "and" | "or"; operands: Node[] }
  | { type: "not"; operand: Node }
  | { type: "compare"; op: string; left: Node; right: Node }
  | { type: "selected"; ref: string; value: string }
  | { type: "ref"; name: string }
  | { type: "self" }
  | { type: "string"; value: string }
  | { type: "number"; value: number; text: string }
  | { type: "bool"; value: boolean };

function parse(source: string): Node {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const next = () => tokens[at++];
  const expect = (text: string) => {
    const token = next();
    if (!("text" in token) || token.text !== text) throw new XpathError(`expected "${text}"`);
  };
  const word = (text: string) => peek().kind === "word" && (peek() as { text: string }).text === text;
  const or = (): Node => {
    const operands = [and()];
    while (word("or")) {
      next();
      operands.push(and());
    }
    return operands.length === 1 ? operands[0] : { type: "or", operands };
  };
  const and = (): Node => {
    const operands = [compare()];
    while (word("and")) {
      next();
      operands.push(compare());
    }
    return operands.length === 1 ? operands[0] : { type: "and", operands };
  };
  const compare = (): Node => {
    const left = primary();
    const token = peek();
    if (token.kind !== "op") return left;
    next();
    return { type: "compare", op: token.text, left, right: primary() };
  };
  const primary = (): Node => {
    const token = next();
    switch (token.kind) {
      case "ref":
        return { type: "ref", name: token.name };
      case "string":
        return { type: "string", value: token.value };
      case "number":
        return { type: "number", value: token.value, text: token.text };
      case "punct":
        if (token.text === ".") return { type: "self" };
        if (token.text === "(") {
          const inner = or();
          expect(")");
          return inner;
        }
        break;
      case "word": {
        const fn = token.text.toLowerCase();
        expect("(");
        if (fn === "not") {
          const operand = or();
          expect(")");
          return { type: "not", operand };
        }
        if (fn === "true" || fn === "false") {
          expect(")");
          return { type: "bool", value: fn === "true" };
        }
        if (fn === "selected") {
          const ref = next();
          expect(",");
          const value = next();
          expect(")");
          if (ref.kind !== "ref" || (value.kind !== "string" && value.kind !== "number")) throw new XpathError("selected() takes a question and a choice name");
          return { type: "selected", ref: ref.name, value: value.kind === "string" ? value.value : value.text };
        }
        throw new XpathError(`the function ${token.text}() is not translated`);
      }
    }
    throw new XpathError("the expression is not complete");
  };
  const node = or();
  if (peek().kind !== "end") throw new XpathError("there is more after the end of the expression");
  return node;
}

/** What a relevance condition may read: an earlier background question, by its XLSForm name. */
export interface ReadableQuestion {
  id: string;
  type: "single" | "multiple" | "yesno" | "integer" | "text";
  /** Choice name → option id (and "prefer-not-to-say" → itself when offered). */
  choices: Map<string, string>;
}

const q = (id: string) => JSON.stringify(id);
const flip: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "!=": "!=" };

/** A `relevant` expression as our condition language; throws XpathError saying what is not translated (`question`
 * throws it too, for a name that is not an earlier background question). */
export function translateRelevant(source: string, question: (name: string) => ReadableQuestion): string {
  const option = (target: ReadableQuestion, name: string, positive: boolean): string => {
    const id = target.choices.get(name);
    if (id === undefined) throw new XpathError(`"${name}" is not a choice of ${target.id}`);
    const test = id === preferNotToSay ? `na(${q(target.id)})` : `chosen(${q(target.id)}, ${q(id)})`;
    return positive ? test : `not ${test}`;
  };
  const group = (node: Node) => {
    const text = walk(node);
    return node.type === "and" || node.type === "or" ? `(${text})` : text;
  };
  const walk = (node: Node): string => {
    switch (node.type) {
      case "and":
      case "or":
        return node.operands.map(group).join(` ${node.type} `);
      case "not": {
        const inner = walk(node.operand);
        return node.operand.type === "and" || node.operand.type === "or" || node.operand.type === "compare" ? `not (${inner})` : `not ${inner}`;
      }
      case "selected": {
        const target = question(node.ref);
        if (target.type === "integer" || target.type === "text") throw new XpathError(`selected() reads a choice question; ${node.ref} is not one`);
        return option(target, node.value, true);
      }
      case "compare": {
        let { left, right, op } = node;
        if (left.type !== "ref" && right.type === "ref") [left, right, op] = [right, left, flip[op]];
        if (left.type !== "ref") throw new XpathError("a comparison must compare a question with a value");
        const target = question(left.name);
        if (right.type === "string" && right.value === "") {
          if (op !== "=" && op !== "!=") throw new XpathError(`"${op} ''" is not translated`);
          const given = target.choices.has(preferNotToSay) ? `(answered(${q(target.id)}) or na(${q(target.id)}))` : `answered(${q(target.id)})`;
          return op === "!=" ? given : `not ${given}`;
        }
        if (target.type === "integer") {
          const value = right.type === "number" ? right.text : right.type === "string" && /^-?[0-9]+$/.test(right.value) ? right.value : undefined;
          if (value === undefined) throw new XpathError(`${left.name} is a number: compare it with a number`);
          const test = `value(${q(target.id)}) ${op} ${value}`;
          // XPath: an empty answer differs from every number; ours: a missing number compares false, even with !=.
          return op === "!=" ? `(not answered(${q(target.id)}) or ${test})` : test;
        }
        if (target.type === "single" || target.type === "yesno") {
          const value = right.type === "string" ? right.value : right.type === "number" ? right.text : undefined;
          if (value === undefined || (op !== "=" && op !== "!=")) throw new XpathError(`compare ${left.name} with = or != and one of its choices`);
          return option(target, value, op === "=");
        }
        throw new XpathError(
          target.type === "multiple"
            ? `${left.name} takes several choices: use selected() with one of them`
            : `${left.name} is a text: conditions cannot read what was written`,
        );
      }
      default:
        throw new XpathError("only conditions on earlier questions are translated (= != < <= > >=, selected(), and, or, not())");
    }
  };
  return walk(parse(source));
}

/** `required`: yes/no in any of the spellings XLSForm accepts; undefined for an expression. */
export function readYesNo(value: string | undefined): boolean | undefined {
  if (value === undefined) return false;
  const text = value.trim().toLowerCase();
  if (["yes", "true", "true()", "1"].includes(text)) return true;
  if (["no", "false", "false()", "0", ""].includes(text)) return false;
  return undefined;
}

/** An integer constraint on ".": its bounds (. >= 1 and . <= 10, 0 <= ., . > 0 …); throws for anything else. */
export function readRange(source: string): { min?: number; max?: number } {
  const node = parse(source);
  const comparisons = node.type === "and" ? node.operands : [node];
  const range: { min?: number; max?: number } = {};
  for (const c of comparisons) {
    if (c.type !== "compare") throw new XpathError("only a range is translated, as in . >= 1 and . <= 10");
    let { left, right, op } = c;
    if (left.type !== "self" && right.type === "self") [left, right, op] = [right, left, flip[op]];
    if (left.type !== "self" || right.type !== "number") throw new XpathError("only a range on . is translated, as in . >= 1 and . <= 10");
    const n = right.value;
    const written = right.text;
    const whole = (v: number) => {
      if (!Number.isInteger(v)) throw new XpathError(`${written} is not a whole number`);
      return v;
    };
    if (op === ">=") range.min = Math.max(range.min ?? -Infinity, whole(n));
    else if (op === ">") range.min = Math.max(range.min ?? -Infinity, Math.floor(n) + 1);
    else if (op === "<=") range.max = Math.min(range.max ?? Infinity, whole(n));
    else if (op === "<") range.max = Math.min(range.max ?? Infinity, Math.ceil(n) - 1);
    else throw new XpathError(`"${op}" is not a range`);
  }
  return range;
}

/** A text constraint: string-length(.) <= n gives n; throws for anything else. */
export function readLengthLimit(source: string): number {
  const match = /^\s*string-length\s*\(\s*\.\s*\)\s*(<=|<)\s*([0-9]+)\s*$/.exec(source);
  if (!match) throw new XpathError("only string-length(.) <= n is translated for a text");
  return match[1] === "<" ? Number(match[2]) - 1 : Number(match[2]);
}
