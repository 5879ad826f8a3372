import { screen } from '@testing-library/react';
import { renderUi } from '../test/render.tsx';
import { TemplatesMissing } from './templates-missing.tsx';

describe('the missing-templates card counts what is missing', () => {
  test('one template: it says one is missing, and names it', () => {
    renderUi(<TemplatesMissing company={null} project="SALUS Project Integration" canCreate />);
    expect(
      screen.getByRole('heading', { name: 'A SALUS permissions template is missing' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/needs this permission template/)).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  });

  test('both templates: the title says both, not "a template"', () => {
    renderUi(
      <TemplatesMissing
        company="SALUS Integration Account"
        project="SALUS Project Integration"
        canCreate
      />,
    );
    expect(
      screen.getByRole('heading', { name: 'Both SALUS permission templates are missing' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/needs these permission templates/)).toBeInTheDocument();
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
  });
});
