/** TanStack Query keys of the risk pages, so a form invalidates exactly what it changed. */
export const riskKeys = {
  valuations: (vehicleId: number) => ['risk', 'valuations', vehicleId] as const,
  liens: (vehicleId: number) => ['risk', 'liens', vehicleId] as const,
  insurance: (vehicleId: number) => ['risk', 'insurance', vehicleId] as const,
  warnings: ['risk', 'warnings'] as const,
  tasks: ['risk', 'collateral-tasks'] as const,
  indicators: ['risk', 'indicators'] as const,
};
