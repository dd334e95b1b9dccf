/** Types of scripts/extract-glue-model.mjs, for the contract test that imports it. */
export const OPERATIONS: string[];
export interface BotocoreModel {
  metadata: { apiVersion: string };
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, Record<string, unknown> & { type: string }>;
}
export function loadBotocoreModel(): BotocoreModel;
export function extract(model: BotocoreModel): {
  operations: Record<string, string>;
  shapes: Record<string, unknown>;
};
