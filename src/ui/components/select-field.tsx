import { Select } from '@procore/core-react';
import { useId } from 'react';
import styled from 'styled-components';

const Field = styled.div`
  display: flex;
  flex-direction: column;
  gap: 4px;
`;

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

/**
 * A labelled single choice with core-react's Select (Procore's own dropdown), not the browser's
 * unstyled `<select>`. Its button is named by the label and the value shown ("Show Missing the
 * service account (40)"), and its options are a listbox.
 */
export function SelectField<V extends string>(props: {
  label: string;
  value: V;
  options: readonly SelectOption<V>[];
  onChange: (value: V) => void;
}) {
  const labelId = useId();
  const buttonId = useId();
  const selected = props.options.find((option) => option.value === props.value);
  return (
    <Field>
      <span id={labelId}>{props.label}</span>
      <Select
        id={buttonId}
        aria-labelledby={`${labelId} ${buttonId}`}
        aria-haspopup="listbox"
        label={selected?.label}
        onSelect={({ item }) => props.onChange(item as V)}
      >
        {props.options.map((option) => (
          <Select.Option
            key={option.value}
            value={option.value}
            selected={option.value === props.value}
          >
            {option.label}
          </Select.Option>
        ))}
      </Select>
    </Field>
  );
}
