import type { SandboxProfileName } from '../../../preload/contract';
import { SelectField } from './choice-fields';

const OPTIONS: ReadonlyArray<{ value: SandboxProfileName; label: string }> = [
  { value: 'documented', label: "As documented (Quaderno's reference)" },
  { value: 'observed', label: 'As observed (closest to the real Quaderno)' },
];

/** Which Quaderno the built-in sandbox imitates; the choice is kept with the sandbox. */
export function SandboxProfileChoice(props: {
  value: SandboxProfileName;
  onChange(value: SandboxProfileName): void;
  disabled?: boolean;
}) {
  return (
    <SelectField
      label="The sandbox answers"
      name="sandbox-profile"
      value={props.value}
      options={OPTIONS}
      onChange={props.onChange}
      disabled={props.disabled ?? false}
    />
  );
}
