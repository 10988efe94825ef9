// The hygiene criteria flags, shared by `tokens list` and `tokens revoke`: the same words pick the
// same tokens in both (source/revoke/criteria.ts decides which).
import type {TokenCriteria} from '../revoke/criteria.js';
import {DURATION_EXAMPLES, parseDurationMs} from '../text/duration.js';
import {UsageError} from './context.js';

export const CRITERIA_OPTIONS = {
  'unused-for': {type: 'string'},
  device: {type: 'string'},
  description: {type: 'string'},
} as const;

export const CRITERIA_USAGE = `  --unused-for DURATION  tokens not used for that long (${DURATION_EXAMPLES}); a token never
                         used counts as unused
  --device TYPE          tokens of that device type (Laptop, Phone, ...; case ignored)
  --description TEXT     tokens whose description contains TEXT (case ignored)`;

type CriteriaValues = {'unused-for'?: string; device?: string; description?: string};

/** The criteria the flags ask for (none given: `{}`). */
export function criteriaFrom(values: CriteriaValues): TokenCriteria {
  const criteria: TokenCriteria = {};
  if (values['unused-for'] !== undefined) {
    const ms = parseDurationMs(values['unused-for']);
    if (ms === undefined || ms <= 0)
      throw new UsageError(`--unused-for takes a duration such as ${DURATION_EXAMPLES}; not "${values['unused-for']}"`);
    criteria.unusedForMs = ms;
  }
  if (values.device !== undefined) {
    if (values.device.trim() === '') throw new UsageError('--device needs a device type, such as Laptop');
    criteria.deviceType = values.device.trim();
  }
  if (values.description !== undefined) {
    if (values.description === '') throw new UsageError('--description needs some text to look for');
    criteria.description = values.description;
  }
  return criteria;
}
