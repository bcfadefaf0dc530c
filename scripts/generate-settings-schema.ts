/**
 * Writes the generated parts of package.json's `contributes.configuration`:
 * one severity setting per rule (from each rule's meta) and the OpenSSL
 * profile choices (from the cipher module's profile list). A test fails when
 * package.json is stale, so a new rule cannot ship without its setting.
 *
 *   node out/scripts/generate-settings-schema.js          rewrite package.json
 *   node out/scripts/generate-settings-schema.js --check  exit 1 when stale
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listProfiles } from '../server/src/core/ciphers/profiles';
import { ruleDocsUrl } from '../server/src/core/docsUrl';
import { allRules } from '../server/src/core/rules';

export const MANIFEST = path.resolve(__dirname, '..', '..', 'package.json');

export function generatedProperties(): Record<string, unknown> {
  const rules: Record<string, unknown> = {};
  for (const rule of allRules) {
    rules[rule.meta.id] = {
      type: 'string',
      enum: ['default', 'error', 'warning', 'information', 'hint', 'off'],
      default: 'default',
      markdownDescription: `${rule.meta.description} Default: \`${rule.meta.defaultSeverity}\`. [Documentation](${ruleDocsUrl(rule.meta.id)})`,
    };
  }
  const profiles = listProfiles();
  return {
    'asyncosPvo.rules': {
      type: 'object',
      scope: 'resource',
      default: {},
      markdownDescription: 'Severity per rule: `error`, `warning`, `information`, `hint`, `off`, or `default` for the rule\'s own.',
      properties: rules,
      additionalProperties: false,
    },
    'asyncosPvo.opensslProfile': {
      type: 'string',
      scope: 'resource',
      default: '',
      enum: ['', ...profiles.map((p) => p.id)],
      enumDescriptions: ['Derived from the AsyncOS release', ...profiles.map((p) => `OpenSSL ${p.version} (${p.variant})`)],
      markdownDescription: 'OpenSSL build profile for evaluating cipher lists. Empty: derived from the AsyncOS release in the file\'s header or `#asyncosPvo.release#`.',
    },
  };
}

interface Manifest {
  contributes: { configuration: { properties: Record<string, unknown> } };
}

/** package.json with the generated properties put in place (other properties keep their order). */
export function updatedManifest(text: string): string {
  const manifest = JSON.parse(text) as Manifest;
  const properties = manifest.contributes.configuration.properties;
  Object.assign(properties, generatedProperties());
  return JSON.stringify(manifest, null, 2) + '\n';
}

if (require.main === module) {
  const current = fs.readFileSync(MANIFEST, 'utf8');
  const next = updatedManifest(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('package.json settings are stale: run `npm run generate:settings`');
      process.exit(1);
    }
  } else if (next !== current) {
    fs.writeFileSync(MANIFEST, next);
    console.log('package.json: generated settings updated');
  }
}
