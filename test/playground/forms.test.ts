/**
 * The manifest serves flow builders as is: every unit's input form (and every connection's fields), given untouched
 * to a standard JSON-Schema form library (@rjsf/core, rendered server-side), labels each field with its title (not
 * its key), marks required fields, and offers examples; and the manifest's schema refuses the old non-standard
 * keywords.
 */
import Form from '@rjsf/core';
import type { RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../connector.ts';
import schema from '../../lib/manifest.schema.json' with { type: 'json' };

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; required?: string[] };

const built = JSON.parse(JSON.stringify(manifest())) as ReturnType<typeof manifest>;
const forms: { name: string; schema: Schema }[] = [
  ...built.actions.map((a) => ({ name: `action ${a.key}`, schema: a.inputSchema as Schema })),
  ...built.triggers.map((t) => ({ name: `trigger ${t.key}`, schema: t.inputSchema as Schema })),
  ...built.dataSources.map((d) => ({ name: `data source ${d.key}`, schema: d.inputSchema as Schema })),
  ...built.connections.map((c) => ({ name: `connection ${c.key}`, schema: c.fieldsSchema as Schema })),
];

function render(schema: Schema): string {
  return renderToStaticMarkup(createElement(Form, { schema: schema as RJSFSchema, validator }));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const regex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text rjsf shows as the field's label: a `<label for>`, a fieldset's `<legend>`, or a checkbox's `<span>`. */
function labelOf(html: string, id: string): string | undefined {
  const patterns = [
    new RegExp(`<label[^>]*for="${regex(id)}"[^>]*>([^<]*)`),
    new RegExp(`id="${regex(id)}__title"[^>]*>([^<]*)`),
    new RegExp(`<input[^>]*id="${regex(id)}"[^>]*/>\\s*<span>([^<]*)</span>`),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(html);
    if (match) return match[1];
  }
  return undefined;
}

/** Every field of an object schema, nested objects' fields included, with rjsf's id for it. */
function fields(schema: Schema, path: string[] = []): { id: string; name: string; field: Schema; parent: Schema }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, field]) => [
    { id: ['root', ...path, name].join('_'), name, field, parent: schema },
    ...(field.type === 'object' && field.properties ? fields(field, [...path, name]) : []),
  ]);
}

describe('the manifest’s forms in @rjsf/core', () => {
  it.each(forms)('$name: every field shows its title, required ones marked', ({ schema }) => {
    const html = render(schema);
    for (const { id, name, field, parent } of fields(schema)) {
      expect(field.title, `${id}: no title`).toBeTruthy();
      const label = labelOf(html, id);
      expect(label, `${id}: no label rendered`).toBeDefined();
      expect(label, id).toBe(escapeHtml(String(field.title)));
      expect(label, `${id} labelled by its key`).not.toBe(name);
      if (parent.required?.includes(name) && field.type !== 'boolean' && field.type !== 'object') {
        expect(html, `${id} required mark`).toMatch(
          new RegExp(`(for="${regex(id)}"|id="${regex(id)}__title")[^>]*>[^<]*<span class="required">\\*</span>`),
        );
      }
    }
  });

  it('offers each field’s examples as suggestions', () => {
    const createUser = built.actions.find((a) => a.key === 'createUser')!;
    const html = render(createUser.inputSchema as Schema);
    expect(html).toContain('<datalist id="root_firstName__examples"><option value="Ada"></option></datalist>');
  });
});

describe('lib/manifest.schema.json', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  const withField = (field: Record<string, unknown>) => {
    const copy = structuredClone(built);
    (copy.actions[0]!.inputSchema as Schema).properties!.extra = field as Schema;
    return validate(copy);
  };

  it('accepts the manifest and the declared x- keywords', () => {
    expect(validate(built)).toBe(true);
    expect(withField({ type: 'string', title: 'T', 'x-dataSource': 'selectUser', 'x-placeholder': 'p' })).toBe(true);
  });

  it('refuses the old non-standard keywords and undeclared x- keywords, nested ones too', () => {
    for (const keyword of ['label', 'example', 'placeholder', 'dataSource', 'x-other']) {
      expect(withField({ type: 'string', [keyword]: 'x' }), keyword).toBe(false);
      expect(withField({ type: 'array', items: { type: 'string', [keyword]: 'x' } }), `items ${keyword}`).toBe(false);
    }
    // A property may be called `label`: only schema keywords are checked.
    expect(withField({ type: 'object', properties: { label: { type: 'string', title: 'Label' } } })).toBe(true);
  });
});
