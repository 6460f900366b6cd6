import { describe, expect, it } from "vitest";
import { stepRowSelection } from "./step-row-selection";

describe("the row j and k select", () => {
  it("moves from the selected row to its neighbour", () => {
    expect(stepRowSelection({ count: 5, selectedIndex: 2, activeIndex: null, step: 1 })).toBe(3);
    expect(stepRowSelection({ count: 5, selectedIndex: 2, activeIndex: null, step: -1 })).toBe(1);
  });

  it("starts from the open conversation's row when none is selected, and prefers the selected one", () => {
    expect(stepRowSelection({ count: 5, selectedIndex: null, activeIndex: 3, step: 1 })).toBe(4);
    expect(stepRowSelection({ count: 5, selectedIndex: null, activeIndex: 3, step: -1 })).toBe(2);
    expect(stepRowSelection({ count: 5, selectedIndex: 0, activeIndex: 3, step: 1 })).toBe(1);
  });

  it("starts at the first row when nothing is selected or open", () => {
    expect(stepRowSelection({ count: 5, selectedIndex: null, activeIndex: null, step: 1 })).toBe(0);
    expect(stepRowSelection({ count: 5, selectedIndex: null, activeIndex: null, step: -1 })).toBe(0);
  });

  it("stops at either end instead of wrapping", () => {
    expect(stepRowSelection({ count: 5, selectedIndex: 4, activeIndex: null, step: 1 })).toBe(4);
    expect(stepRowSelection({ count: 5, selectedIndex: 0, activeIndex: null, step: -1 })).toBe(0);
    expect(stepRowSelection({ count: 1, selectedIndex: 0, activeIndex: null, step: 1 })).toBe(0);
  });

  it("selects nothing in an empty list, and starts over when a row it was given is gone", () => {
    expect(stepRowSelection({ count: 0, selectedIndex: null, activeIndex: null, step: 1 })).toBeNull();
    expect(stepRowSelection({ count: 3, selectedIndex: 7, activeIndex: null, step: 1 })).toBe(0);
  });
});
