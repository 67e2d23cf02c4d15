/** What `herald doctor` asks of the store (Redis): does it answer, and will it keep Herald's data. */
export interface StoreInspection {
  reachable: boolean;
  /** Why it does not answer. */
  error?: string;
  version?: string;
  /** `appendonly yes`: the data survives a restart of the store. Undefined when it would not say. */
  appendOnly?: boolean;
  /** `maxmemory-policy`; anything but `noeviction` may silently drop jobs and ledger entries. */
  evictionPolicy?: string;
}

export interface StoreHealth {
  inspect(): Promise<StoreInspection>;
}
