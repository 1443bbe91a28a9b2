// vitest types its asymmetric matchers as `any`, so an `expect.stringContaining(…)` placed in an object or an
// array switches type checking off for that value. These return `unknown`: the matcher still works inside
// toEqual/toMatchObject, and nothing can use its result as anything else by mistake.
import { expect } from "vitest";

export const stringContaining = (expected: string): unknown => expect.stringContaining(expected);
export const stringMatching = (expected: string | RegExp): unknown => expect.stringMatching(expected);
export const objectContaining = (expected: Record<string, unknown>): unknown => expect.objectContaining(expected);
export const arrayContaining = (expected: readonly unknown[]): unknown => expect.arrayContaining([...expected]);
