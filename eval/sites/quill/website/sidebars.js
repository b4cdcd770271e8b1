// @ts-check

/** @type {import('@docusaurus/plugin-content-docs').SidebarsConfig} */
const sidebars = {
  docs: [
    'intro',
    {
      type: 'category',
      label: 'Getting started',
      collapsed: false,
      items: [
        'getting-started/installation',
        'getting-started/quick-start',
        'getting-started/tutorial-invoice-form',
        'getting-started/typescript-setup',
      ],
    },
    {
      type: 'category',
      label: 'Concepts',
      items: [
        'concepts/schemas',
        'concepts/parsing',
        'concepts/type-inference',
        'concepts/errors-and-issues',
        'concepts/form-state',
        'concepts/validation-modes',
      ],
    },
    {
      type: 'category',
      label: 'Schemas',
      items: [
        'schemas/primitives',
        'schemas/strings',
        'schemas/numbers-and-dates',
        'schemas/objects',
        'schemas/arrays-and-tuples',
        'schemas/collections',
        'schemas/unions-and-enums',
        'schemas/optional-and-defaults',
        'schemas/refinements',
        'schemas/transforms-and-pipes',
        'schemas/coercion',
        'schemas/recursive-and-lazy',
        'schemas/branded-types',
      ],
    },
    {
      type: 'category',
      label: 'Forms',
      items: [
        'forms/creating-a-form',
        'forms/field-arrays',
        'forms/async-validation',
        'forms/server-errors',
        'forms/dependent-fields',
        'forms/submission',
      ],
    },
    {
      type: 'category',
      label: 'Guides',
      items: [
        'guides/error-messages-and-i18n',
        'guides/json-schema',
        'guides/performance',
        'guides/testing',
      ],
    },
    {
      type: 'category',
      label: 'Integrations',
      items: [
        'integrations/react',
        'integrations/nextjs-server-actions',
        'integrations/react-native',
        'integrations/express',
        'integrations/trpc',
        'integrations/ui-libraries',
      ],
    },
    {
      type: 'category',
      label: 'API reference',
      items: [
        'api/core-schema-builders',
        'api/schema-methods',
        'api/quill-error',
        'api/create-form',
        'api/form-utilities',
        'api/react-hooks',
        'api/react-components',
        'api/json-schema',
      ],
    },
    {
      type: 'category',
      label: 'Reference',
      items: ['reference/configuration', 'reference/issue-codes'],
    },
    'troubleshooting',
    'faq',
    {
      type: 'category',
      label: 'Migration',
      items: ['migration/v2-to-v3'],
    },
  ],
};

module.exports = sidebars;
