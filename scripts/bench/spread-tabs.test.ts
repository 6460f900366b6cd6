import { describe, expect, it } from "vitest";
import { spreadTabs } from "./spread-tabs";

const ADDRESSES = ["http://a", "http://b", "http://c", "http://nginx"];

/** Tabs as the live benchmark plans them: one in five a thread, one in ten (offset 3) reconnecting. */
function plannedTabs(count: number) {
  return Array.from({ length: count }, (_, index) => ({ id: index, threadConversationId: index % 5 === 0 ? `conversation-${index}` : null, isReconnecting: index % 10 === 3 }));
}

function countsByAddress(tabs: { baseUrl: string }[]) {
  return ADDRESSES.map((address) => tabs.filter((tab) => tab.baseUrl === address).length);
}

const spreadOf = (counts: number[]) => Math.max(...counts) - Math.min(...counts);

describe("spreading simulated tabs over several addresses", () => {
  it.each([50, 200, 7])("gives every address the same number of %i tabs, give or take one", (count) => {
    const counts = countsByAddress(spreadTabs(plannedTabs(count), ADDRESSES));
    expect(counts.reduce((sum, each) => sum + each, 0)).toBe(count);
    expect(spreadOf(counts)).toBeLessThanOrEqual(1);
  });

  it("spreads each kind of tab evenly too, where taking every fourth tab would put all reconnecting ones on two addresses", () => {
    const spread = spreadTabs(plannedTabs(200), ADDRESSES);
    const threads = spread.filter((tab) => tab.threadConversationId !== null);
    const reconnecting = spread.filter((tab) => tab.isReconnecting);
    const inboxes = spread.filter((tab) => tab.threadConversationId === null && !tab.isReconnecting);
    for (const kind of [threads, reconnecting, inboxes]) expect(spreadOf(countsByAddress(kind))).toBeLessThanOrEqual(1);
    expect(countsByAddress(reconnecting).every((count) => count >= 4)).toBe(true);
  });

  it("keeps the tabs and their order, adding only the address", () => {
    const tabs = plannedTabs(12);
    const spread = spreadTabs(tabs, ADDRESSES);
    expect(spread.map((tab) => ({ id: tab.id, threadConversationId: tab.threadConversationId, isReconnecting: tab.isReconnecting }))).toEqual(tabs);
  });

  it("sends every tab to the one address there is", () => {
    expect(new Set(spreadTabs(plannedTabs(20), ["http://server"]).map((tab) => tab.baseUrl))).toEqual(new Set(["http://server"]));
  });
});
