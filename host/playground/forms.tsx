/**
 * @module Forms from the manifest's JSON Schemas, by @rjsf/core: the schema as the manifest gives it, plus a
 * uiSchema derived from its `x-` keywords (placeholders, the picklist widget for `x-dataSource` fields, a password
 * box for write-only fields) and, in a flow, a menu of references to earlier steps' outputs.
 */
import Form from '@rjsf/core';
import type { ErrorSchema, RegistryWidgetsType, UiSchema, WidgetProps } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { type ComponentType, type ReactNode, useState } from 'react';
import { type FormContext, PicklistWidget } from './picklist.tsx';
import type { ErrorInfo, Schema } from './types.ts';

/** The field's hint: its `x-placeholder`, else its first example. */
function placeholderOf(schema: Schema): string | undefined {
  if (schema['x-placeholder']) return schema['x-placeholder'];
  const examples = schema.examples;
  const example = Array.isArray(examples) ? examples[0] : undefined;
  return typeof example === 'string' || typeof example === 'number' ? `e.g. ${example}` : undefined;
}

export function uiSchemaFor(schema: Schema, options: { refs?: boolean } = {}): UiSchema {
  const ui: UiSchema = { 'ui:submitButtonOptions': { norender: true } };
  for (const [name, raw] of Object.entries(schema.properties ?? {})) {
    if (typeof raw !== 'object') continue;
    const field = raw as Schema;
    const entry: UiSchema = {};
    const placeholder = placeholderOf(field);
    if (placeholder) entry['ui:placeholder'] = placeholder;
    if (field['x-dataSource']) entry['ui:widget'] = options.refs ? 'picklistWithRefs' : 'picklist';
    else if (field.writeOnly || field.format === 'password') entry['ui:widget'] = 'password';
    else if (options.refs && field.type === 'string' && !field.enum) entry['ui:widget'] = 'textWithRefs';
    const items = field.items as Schema | undefined;
    if (field.type === 'array' && items && typeof items === 'object' && items['x-dataSource']) {
      entry.items = { 'ui:widget': options.refs ? 'picklistWithRefs' : 'picklist' };
    }
    // The fields of a nested object (an operation's parameters) get their widgets too.
    if (field.properties) {
      const { 'ui:submitButtonOptions': _, ...nested } = uiSchemaFor(field, options);
      Object.assign(entry, nested);
    }
    ui[name] = entry;
  }
  return ui;
}

/** A widget with a menu that puts a `{{…}}` reference into the field. */
function withRefs(Widget: ComponentType<WidgetProps>) {
  return function RefWidget(props: WidgetProps) {
    const refs = (props.registry.formContext as FormContext).refs ?? [];
    const [open, setOpen] = useState(false);
    return (
      <div className="with-refs">
        <Widget {...props} />
        {refs.length ? (
          <div className="refs">
            <button
              type="button"
              className="refs-button"
              title="Use a value from the trigger or an earlier step"
              aria-label={`Insert a reference into ${props.label}`}
              onClick={() => setOpen(!open)}
            >
              {'{{ }}'}
            </button>
            {open ? (
              <div className="refs-menu" role="menu">
                {refs.map((r) => (
                  <button
                    type="button"
                    role="menuitem"
                    key={r.ref}
                    onClick={() => {
                      props.onChange(`{{${r.ref}}}`);
                      setOpen(false);
                    }}
                  >
                    <code>{`{{${r.ref}}}`}</code> <span>{r.label}</span>
                  </button>
                ))}
              </div>
            ) : null}
          </div>
        ) : null}
      </div>
    );
  };
}

function TextWidget(props: WidgetProps) {
  const Base = props.registry.widgets.TextWidget as ComponentType<WidgetProps>;
  return <Base {...props} />;
}

export const widgets: RegistryWidgetsType = {
  picklist: PicklistWidget,
  picklistWithRefs: withRefs(PicklistWidget),
  textWithRefs: withRefs(TextWidget),
};

/** A validation error's issues (`firstName`, `groupIds.2`) as rjsf field errors. */
export function fieldErrors(error: ErrorInfo | undefined): ErrorSchema | undefined {
  const issues = error?.kind === 'validation' ? error.details?.issues : undefined;
  if (!issues?.length) return undefined;
  const errors: Record<string, unknown> = {};
  for (const issue of issues) {
    let at = errors;
    for (const part of issue.path ? issue.path.split('.') : []) {
      at[part] ??= {};
      at = at[part] as Record<string, unknown>;
    }
    at.__errors = [...((at.__errors as string[] | undefined) ?? []), issue.message];
  }
  return errors as ErrorSchema;
}

export interface SchemaFormProps {
  schema: Schema;
  formData: Record<string, unknown>;
  onChange: (data: Record<string, unknown>) => void;
  onSubmit?: () => void;
  context: Omit<FormContext, 'formData'>;
  /** A flow step holds `{{…}}` references: the host checks the values once they are filled in. */
  refs?: boolean;
  error?: ErrorInfo | undefined;
  idPrefix?: string;
  children?: ReactNode;
}

export function SchemaForm(props: SchemaFormProps) {
  return (
    <Form
      schema={props.schema}
      uiSchema={uiSchemaFor(props.schema, { refs: props.refs ?? false })}
      validator={validator}
      widgets={widgets}
      formData={props.formData}
      formContext={{ ...props.context, formData: props.formData } satisfies FormContext}
      onChange={(event) => props.onChange((event.formData ?? {}) as Record<string, unknown>)}
      onSubmit={() => props.onSubmit?.()}
      noValidate={props.refs ?? false}
      showErrorList={false}
      // The browser's own checks would stop an optional object's required fields (an imported password hash left
      // empty) from ever letting the form through; the schema's validation knows the object is absent.
      noHtml5Validate
      extraErrors={fieldErrors(props.error)}
      idPrefix={props.idPrefix ?? 'root'}
      // An optional object (an imported password hash) stays absent until filled in, rather than sent as {}.
      experimental_defaultFormStateBehavior={{ emptyObjectFields: 'skipEmptyDefaults' }}
    >
      {props.children}
    </Form>
  );
}
