/**
 * Response serializers (fast-json-stringify, as fastify compiles them), compiled once per distinct response schema.
 * Fastify compiles one per route and status code; the case views are large, and every step of a kind answers with the
 * same one, so compiling each route's own took most of the API's start: 6.6 s of 7 on this machine, for every API
 * process and every test that builds one. With this cache the start takes about 1 s (test/api/docs.test.ts checks
 * that the answers are unchanged: every route's response schema still shapes its answer).
 */
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;
type Serializer = ReturnType<ReturnType<SerializerFactory>>;

export const cachedSerializers: SerializerFactory = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  const compiled = new Map<string, Serializer>();
  return (route) => {
    // The schema is all a serializer depends on (the route and status only name it).
    const key = JSON.stringify(route.schema);
    let serialize = compiled.get(key);
    if (!serialize) {
      serialize = compile(route);
      compiled.set(key, serialize);
    }
    return serialize;
  };
};
