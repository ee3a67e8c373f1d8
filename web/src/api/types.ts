import type { components, paths } from './schema.js';

/** Types of the API, all derived from the generated OpenAPI types (schema.d.ts): none written by hand. */
export type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];

type Responses<P extends keyof paths, M extends string> = M extends keyof paths[P] ? (paths[P][M] extends { responses: infer R } ? R : never) : never;
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** The JSON a path answers with 200 (or 201) to a method. */
export type Ok<P extends keyof paths, M extends string = 'get'> = Responses<P, M> extends infer R ? (200 extends keyof R ? JsonOf<R[200]> : 201 extends keyof R ? JsonOf<R[201]> : never) : never;
/** The query parameters a path takes. */
export type QueryOf<P extends keyof paths, M extends string = 'get'> = M extends keyof paths[P] ? (paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never) : never;
/** The JSON body a path takes. */
export type BodyOf<P extends keyof paths, M extends string> = M extends keyof paths[P] ? (paths[P][M] extends { requestBody: { content: { 'application/json': infer B } } } ? B : never) : never;
