/** Where a catalog lives: the owning account's id (its CatalogId) and the region, as on AWS. */
export interface CatalogScope {
  accountId: string;
  region: string;
}

export function scopeKey(scope: CatalogScope): string {
  return `${scope.accountId}/${scope.region}`;
}
