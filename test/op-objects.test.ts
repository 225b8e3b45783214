// Object-mode ops in-process (no job): the reducer object collectives fold values with.
import { describe, expect, it } from "vitest";
import { objectReducer, Ops } from "../ts/mpi/op.js";

describe("objectReducer", () => {
  it("folds with an Op's apply or a plain function", () => {
    expect(objectReducer(Ops.PROD)(6, 7)).toBe(42);
    expect([3, 1, 4, 1, 5].reduce(objectReducer(Ops.MAX) as (a: number, b: number) => number)).toBe(5);
    expect(["a", "b", "c"].reduce(objectReducer((x: string, y: string) => y + x) as (a: string, b: string) => string)).toBe("cba");
    expect([[2, 0], [1, 1], [1, 2]].reduce(objectReducer(Ops.MINLOC) as (a: number[], b: number[]) => number[])).toEqual([1, 1]);
  });
  it("refuses what is neither", () => {
    expect(() => objectReducer(3 as never)).toThrow(TypeError);
    expect(() => objectReducer(Ops.OP_NULL)(1, 2)).toThrow(TypeError);
  });
});
