// A client as an integrator would write one: types generated from the service's OpenAPI document (schema.d.ts, made by
// openapi-typescript in the test), calls made with openapi-fetch. If the document stopped declaring the report's query
// or its answer, this file would no longer compile.
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

declare const process: { argv: string[]; exit(code: number): never };

const [baseUrl, token] = process.argv.slice(2);
const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });

const { data, error, response } = await client.GET("/api/v1/reports/outcomes", {
  params: { query: { from: "2025-01", to: "2025-12", groupBy: "department", instrument: "ORS", format: "json" } },
});
if (error !== undefined || data === undefined) {
  console.error(`HTTP ${response.status}: ${JSON.stringify(error)}`);
  process.exit(1);
}
const shown = data.rows.filter(row => !row.suppressed).length;
console.log(JSON.stringify({ definitionsVersion: data.definitionsVersion, instrument: data.instrument, rows: data.rows.length, shown }));
