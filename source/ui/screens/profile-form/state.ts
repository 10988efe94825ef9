// The profile form as a pure reducer: which field has the focus and what each holds. Keys arrive
// one at a time (input/key-stream.ts), so "url<Tab>id<Tab>secret" is three edits and two focus moves.
import type {ProfileDraft} from '../../profile-service.js';

export type Field = keyof ProfileDraft;

export const FIELDS: ReadonlyArray<{field: Field; label: string; placeholder: string}> = [
  {field: 'tenantUrl', label: 'Tenant URL', placeholder: 'https://TENANT.REGION.qlikcloud.com'},
  {field: 'clientId', label: 'Client ID', placeholder: 'the OAuth client (M2M, admin_classic scope)'},
  {field: 'clientSecret', label: 'Client secret', placeholder: 'pasted here, shown masked'},
  {field: 'name', label: 'Profile name', placeholder: 'e.g. prod'},
];

export type FormState = {draft: ProfileDraft; focus: number; locked: readonly Field[]};

export type FormEvent = {type: 'focus'; by: number} | {type: 'set'; field: Field; value: string};

export function initialFormState(
  existing: {name: string; tenantUrl: string; clientId: string} | undefined,
  firstProfile: boolean,
  mode: 'setup' | 'new' | 'edit',
): FormState {
  const draft = existing
    ? {name: existing.name, tenantUrl: existing.tenantUrl, clientId: existing.clientId, clientSecret: ''}
    : {name: firstProfile ? 'default' : '', tenantUrl: '', clientId: '', clientSecret: ''};
  return {draft, focus: 0, locked: mode === 'edit' ? ['name'] : []};
}

export function profileFormReducer(state: FormState, event: FormEvent): FormState {
  if (event.type === 'focus') {
    // A locked field (the name, when editing) is skipped.
    let focus = state.focus;
    for (let i = 0; i < FIELDS.length; i++) {
      focus = (focus + event.by + FIELDS.length) % FIELDS.length;
      if (!state.locked.includes(FIELDS[focus]!.field)) break;
    }
    return {...state, focus};
  }
  if (state.locked.includes(event.field)) return state;
  // A paste may carry a newline: a field is one line.
  const value = event.value.replace(/[\r\n]+/g, '');
  return value === state.draft[event.field] ? state : {...state, draft: {...state.draft, [event.field]: value}};
}
