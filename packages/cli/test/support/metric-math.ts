// The subset of CloudWatch metric math the audit manifest uses, evaluated the way CloudWatch does:
// arithmetic between time series keeps only the timestamps both have (a missing datapoint stays
// missing), a scalar applies to every datapoint, FILL(m, v) gives every period of the query's time
// range a value, PERIOD(m) is the period of m in seconds, and a division by zero yields no datapoint.
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html

/** A time series: value by timestamp (epoch seconds), at one period. */
export interface Series {
  readonly period: number;
  readonly points: ReadonlyMap<number, number>;
}

export type MathValue = Series | number;

type Node =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'neg'; readonly operand: Node }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly kind: 'call'; readonly name: string; readonly args: Node[] };

/** Thrown for an expression CloudWatch would reject (the fake answers 400 ValidationError). */
export class MetricMathError extends Error {}

function tokenize(expression: string): string[] {
  const tokens = expression.match(/\d+(\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|[-+*/(),]|\S/g) ?? [];
  const bad = tokens.find((t) => !/^(\d+(\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|[-+*/(),])$/.test(t));
  if (bad) throw new MetricMathError(`unexpected character '${bad}' in ${expression}`);
  return tokens;
}

/** Parses an expression: + - * / with the usual precedence, unary minus, parentheses, FILL and PERIOD. */
export function parseExpression(expression: string): Node {
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const take = (expected?: string): string => {
    const token = tokens[pos++];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new MetricMathError(`expected ${expected ?? 'more'} in ${expression}`);
    }
    return token;
  };
  const sum = (): Node => {
    let node = product();
    while (peek() === '+' || peek() === '-')
      node = { kind: 'binary', op: take(), left: node, right: product() };
    return node;
  };
  const product = (): Node => {
    let node = factor();
    while (peek() === '*' || peek() === '/')
      node = { kind: 'binary', op: take(), left: node, right: factor() };
    return node;
  };
  const factor = (): Node => {
    const token = take();
    if (token === '-') return { kind: 'neg', operand: factor() };
    if (token === '(') {
      const inner = sum();
      take(')');
      return inner;
    }
    if (/^\d/.test(token)) return { kind: 'number', value: Number(token) };
    if (!/^[A-Za-z_]/.test(token)) throw new MetricMathError(`unexpected '${token}' in ${expression}`);
    if (peek() !== '(') return { kind: 'id', id: token };
    take('(');
    const args: Node[] = [sum()];
    while (peek() === ',') {
      take(',');
      args.push(sum());
    }
    take(')');
    if (!['FILL', 'PERIOD'].includes(token)) throw new MetricMathError(`unsupported function ${token}`);
    return { kind: 'call', name: token, args };
  };
  const node = sum();
  if (pos !== tokens.length) throw new MetricMathError(`unexpected '${tokens[pos]}' in ${expression}`);
  return node;
}

/** The ids an expression refers to. */
export function references(node: Node): string[] {
  switch (node.kind) {
    case 'id':
      return [node.id];
    case 'neg':
      return references(node.operand);
    case 'binary':
      return [...references(node.left), ...references(node.right)];
    case 'call':
      return node.args.flatMap(references);
    default:
      return [];
  }
}

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    default:
      return a / b;
  }
}

function combine(op: string, left: MathValue, right: MathValue): MathValue {
  if (typeof left === 'number' && typeof right === 'number') return apply(op, left, right);
  const points = new Map<number, number>();
  const keep = (t: number, v: number): void => {
    if (Number.isFinite(v)) points.set(t, v);
  };
  if (typeof left === 'number') {
    const series = right as Series;
    for (const [t, v] of series.points) keep(t, apply(op, left, v));
    return { period: series.period, points };
  }
  if (typeof right === 'number') {
    for (const [t, v] of left.points) keep(t, apply(op, v, right));
    return { period: left.period, points };
  }
  for (const [t, v] of left.points) {
    const other = right.points.get(t);
    if (other !== undefined) keep(t, apply(op, v, other));
  }
  return { period: Math.max(left.period, right.period), points };
}

/**
 * Evaluates a parsed expression. `lookup` gives the series (or scalar) of an id; `grid` lists the
 * period starts of the query's time range for a period (what FILL fills).
 */
export function evaluate(
  node: Node,
  lookup: (id: string) => MathValue,
  grid: (period: number) => number[],
): MathValue {
  const recurse = (n: Node): MathValue => evaluate(n, lookup, grid);
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'id':
      return lookup(node.id);
    case 'neg':
      return combine('*', -1, recurse(node.operand));
    case 'binary':
      return combine(node.op, recurse(node.left), recurse(node.right));
    case 'call': {
      const [first, second] = node.args.map(recurse);
      if (typeof first === 'number') throw new MetricMathError(`${node.name} needs a time series`);
      if (node.name === 'PERIOD') return first.period;
      if (typeof second !== 'number') throw new MetricMathError('FILL needs a number to fill with');
      const points = new Map(first.points);
      for (const t of grid(first.period)) if (!points.has(t)) points.set(t, second);
      return { period: first.period, points };
    }
  }
}
