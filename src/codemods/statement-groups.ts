import { Node, type Statement } from "ts-morph";

/** A run of consecutive statements that could become a function of its own. */
export interface StatementGroup {
  statements: Statement[];
  start: number;
  end: number;
  lines: number;
  /** The comment that introduced the group, if any: the best source of a name. */
  comment: string | undefined;
  /** Part of a paragraph, not whole paragraphs or statements: tried only after those. */
  partial?: boolean;
}

function leadingComment(statement: Statement): string | undefined {
  const ranges = statement.getLeadingCommentRanges();
  if (ranges.length === 0) return undefined;
  return (
    ranges
      .map((range) =>
        range
          .getText()
          .replace(/^\/\/+\s?|^\/\*+\s?|\s*\*+\/$/g, "")
          .replace(/^\s*\*\s?/gm, "")
          .trim(),
      )
      .join(" ")
      .trim() || undefined
  );
}

function startsNewGroup(previous: Statement, statement: Statement): boolean {
  if (statement.getLeadingCommentRanges().length > 0) return true;
  return statement.getStartLineNumber() - previous.getEndLineNumber() > 1;
}

/** The first and last statement of a run; a group is built from at least one statement, so both exist. */
function endsOf(statements: readonly Statement[]): { first: Statement; last: Statement } {
  const first = statements[0];
  const last = statements.at(-1);
  if (first === undefined || last === undefined) throw new Error("a statement group needs at least one statement");
  return { first, last };
}

/** The group's first statement. */
export function firstStatement(group: StatementGroup): Statement {
  return endsOf(group.statements).first;
}

/** The group's last statement. */
export function lastStatement(group: StatementGroup): Statement {
  return endsOf(group.statements).last;
}

function makeGroup(statements: Statement[]): StatementGroup {
  const { first, last } = endsOf(statements);
  return {
    statements,
    start: first.getStart(),
    end: last.getEnd(),
    lines: last.getEndLineNumber() - first.getStartLineNumber() + 1,
    comment: leadingComment(first),
  };
}

/** A function, method, accessor, arrow or function expression: where a statement's own function starts. */
export function isFunctionNode(node: Node): boolean {
  return Node.isFunctionLikeDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node);
}

/** Positions compare only within one file: a declaration from a library file is never "in" the group. */
export function inGroup(group: StatementGroup, node: Node): boolean {
  return (
    node.getSourceFile() === firstStatement(group).getSourceFile() &&
    node.getStart() >= group.start &&
    node.getEnd() <= group.end
  );
}

/** Splits a statement list at blank lines and comments: the paragraphs a person wrote. */
export function paragraphsOf(statements: Statement[]): StatementGroup[] {
  const groups: Statement[][] = [];
  for (const statement of statements) {
    const current = groups.at(-1);
    const previous = current?.at(-1);
    if (current && previous && !startsNewGroup(previous, statement)) current.push(statement);
    else groups.push([statement]);
  }
  return groups.map(makeGroup);
}

function nestedStatementLists(statement: Statement): Statement[][] {
  const lists: Statement[][] = [];
  for (const block of statement.getDescendants().filter((node) => Node.isBlock(node))) {
    const owner = block.getParent();
    if (Node.isFunctionLikeDeclaration(owner) || Node.isArrowFunction(owner) || Node.isFunctionExpression(owner))
      continue;
    if (
      block.getFirstAncestor(
        (ancestor) =>
          Node.isFunctionLikeDeclaration(ancestor) ||
          Node.isArrowFunction(ancestor) ||
          Node.isFunctionExpression(ancestor),
      ) !==
      statement.getFirstAncestor(
        (ancestor) =>
          Node.isFunctionLikeDeclaration(ancestor) ||
          Node.isArrowFunction(ancestor) ||
          Node.isFunctionExpression(ancestor),
      )
    )
      continue;
    lists.push(block.getStatements());
  }
  return lists.filter((list) => list.length > 0);
}

/** Consecutive paragraphs merged into windows, so a group of the right size can be found. */
function windowsOf(paragraphs: StatementGroup[]): StatementGroup[] {
  const windows: StatementGroup[] = [];
  for (let from = 0; from < paragraphs.length; from++) {
    for (let to = from + 1; to < paragraphs.length; to++)
      windows.push(makeGroup(paragraphs.slice(from, to + 1).flatMap((group) => group.statements)));
  }
  return windows;
}

/**
 * Leading and trailing runs of a paragraph written without blank lines: code people did not break
 * into paragraphs still has a setup part and a tail (often ending in the return) that can go.
 */
function runsWithin(paragraph: StatementGroup): StatementGroup[] {
  const { statements } = paragraph;
  const runs: StatementGroup[] = [];
  for (let cut = 1; cut < statements.length; cut++)
    runs.push(makeGroup(statements.slice(0, cut)), makeGroup(statements.slice(cut)));
  return runs.map((run) => ({ ...run, partial: true }));
}

/**
 * Candidate groups inside a function body: its paragraphs, runs of consecutive paragraphs, single
 * compound statements (loops, branches, try), and the bodies of those (loop and branch bodies,
 * try blocks) with their own paragraphs, and the leading and trailing runs of every paragraph. The
 * whole body is never a candidate.
 */
export function candidateGroups(body: Statement[]): StatementGroup[] {
  const paragraphs = paragraphsOf(body);
  const candidates = [
    ...paragraphs,
    ...windowsOf(paragraphs),
    ...body.map((statement) => makeGroup([statement])),
    ...paragraphs.flatMap(runsWithin),
  ];
  for (const statement of body) {
    for (const list of nestedStatementLists(statement))
      candidates.push(makeGroup(list), ...paragraphsOf(list), ...paragraphsOf(list).flatMap(runsWithin));
  }
  const bodyStart = body[0]?.getStart();
  const bodyEnd = body[body.length - 1]?.getEnd();
  const seen = new Set<string>();
  return candidates.filter((group) => {
    const key = `${group.start}:${group.end}`;
    if (seen.has(key) || group.lines < 3 || (group.start === bodyStart && group.end === bodyEnd)) return false;
    seen.add(key);
    return true;
  });
}
