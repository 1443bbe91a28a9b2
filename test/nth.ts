/** The item at `index`, for a test that has just checked the list's length or content: it fails loudly otherwise. */
export function nth<Item>(items: readonly Item[], index: number): Item {
  const item = items[index];
  if (item === undefined) throw new Error(`expected an item at index ${index}, but the list has ${items.length}`);
  return item;
}
