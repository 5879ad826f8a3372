export interface Problems {
  errors: string[];
  warnings: string[];
  apt: string[];
  packagesChecked: number;
}
export function findProblems(options?: {
  env?: NodeJS.ProcessEnv;
  nodeVersion?: string;
  postgresRoot?: string;
}): Promise<Problems>;
export function installCommand(apt: string[], isRoot?: boolean): string | null;
