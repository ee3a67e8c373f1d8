/** A line of spaces with ^ at each offset (an offset past the end points just after the text). */
export function caretLine(length: number, offsets: readonly number[]): string {
  const cells = Array.from({ length: Math.max(length, ...offsets) + 1 }, () => ' ');
  for (const at of offsets) cells[Math.max(0, at)] = '^';
  return cells.join('').trimEnd();
}
