// Which address each simulated tab of the live-update benchmark opens when there are several (the
// instances of a cluster, and nginx in front of them): every address gets an even share of each
// kind of tab (inbox, thread, losing its stream now and then), not only of the total, since the
// kinds cost the server differently.

type TabKind = { threadConversationId: string | null; isReconnecting: boolean };

const kindOrder = (tab: TabKind) => (tab.threadConversationId !== null ? 2 : 0) + (tab.isReconnecting ? 1 : 0);

/** The tabs, in their order, each with a base URL: one round robin over the tabs taken kind by kind. */
export function spreadTabs<Tab extends TabKind>(tabs: Tab[], baseUrls: string[]): (Tab & { baseUrl: string })[] {
  if (baseUrls.length === 0) throw new Error("spreadTabs needs at least one address");
  const byKind = tabs.map((_, index) => index).sort((first, second) => kindOrder(tabs[first]!) - kindOrder(tabs[second]!) || first - second);
  const baseUrlOf = new Array<string>(tabs.length);
  byKind.forEach((tabIndex, position) => (baseUrlOf[tabIndex] = baseUrls[position % baseUrls.length]!));
  return tabs.map((tab, index) => ({ ...tab, baseUrl: baseUrlOf[index]! }));
}
