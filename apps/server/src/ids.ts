import { v7 } from 'uuid';

/** New record ids: UUIDv7, time-ordered, so indexes stay compact. */
export const newId = (): string => v7();
