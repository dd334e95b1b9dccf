import { randomUUID } from 'node:crypto';

/** Id generation is injected so tests get predictable session ids. */
export type NewId = () => string;
export const uuidIds: NewId = () => randomUUID();
