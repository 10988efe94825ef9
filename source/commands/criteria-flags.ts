// The hygiene criteria flags, shared by `tokens list` and `tokens revoke`: the same words pick the
// same tokens in both (source/revoke/criteria.ts decides which).
import type {TokenCriteria} from '../revoke/criteria.js';
import {UsageError} from './context.js';
import {durationFlag} from './duration.js';

const UNUSED_FOR_EXAMPLES = '30d, 12w or 36h';

export const CRITERIA_OPTIONS = {
  'unused-for': {type: 'string'},
  device: {type: 'string'},
  description: {type: 'string'},
} as const;

export const CRITERIA_USAGE = `  --unused-for DURATION  tokens not used for that long (such as ${UNUSED_FOR_EXAMPLES}); a token
                         never used counts as unused
  --device TYPE          tokens of that device type (Laptop, Phone, ...; case ignored)
  --description TEXT     tokens whose description contains TEXT (case ignored)`;

type CriteriaValues = {'unused-for'?: string; device?: string; description?: string};

/** The criteria the flags ask for (none given: `{}`). */
export function criteriaFrom(values: CriteriaValues): TokenCriteria {
  const criteria: TokenCriteria = {};
  if (values['unused-for'] !== undefined) {
    criteria.unusedForMs = durationFlag('unused-for', values['unused-for'], {
      units: ['s', 'm', 'h', 'd', 'w'],
      minMs: 1000,
      // A token cannot be older than Qlik Cloud; ten years is a typo's guard, not a limit.
      maxMs: 3650 * 86_400_000,
      examples: UNUSED_FOR_EXAMPLES,
    });
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
