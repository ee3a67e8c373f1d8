/**
 * What the collections pages add to the portfolio dashboard, below its own figures, for the branch the
 * dashboard is scoped to (undefined: the user's whole scope). Renders nothing without permission.
 */
export function CollectionsDashboardPanels(_props: { branchId: number | undefined }) {
  return null;
}
