/** @type {import('@docusaurus/plugin-content-docs').SidebarsConfig} */
module.exports = {
  main: [
    'intro',
    {
      type: 'category',
      label: 'Getting started',
      collapsed: false,
      items: ['getting-started/quickstart', 'getting-started/self-hosting'],
    },
    {
      type: 'category',
      label: 'Concepts',
      items: [
        'concepts/flags-and-variants',
        'concepts/environments',
        'concepts/evaluation-context',
        'concepts/targeting-rules',
        'concepts/segments',
        'concepts/percentage-rollouts',
        'concepts/evaluation-reasons',
      ],
    },
    {
      type: 'category',
      label: 'SDKs',
      items: ['sdks/node', 'sdks/browser', 'sdks/react', 'sdks/openfeature'],
    },
    {
      type: 'category',
      label: 'Guides',
      items: [
        'guides/progressive-delivery',
        'guides/kill-switches',
        'guides/testing-with-flags',
        'guides/typed-flags',
        'guides/stale-flags',
      ],
    },
    {
      type: 'category',
      label: 'Server',
      items: ['server/configuration', 'server/authentication', 'server/streaming', 'server/audit-log'],
    },
    {
      type: 'category',
      label: 'API reference',
      items: ['api/rest-api', 'api/sdk-endpoints'],
    },
    {
      type: 'category',
      label: 'CLI',
      items: ['cli/overview', 'cli/flags', 'cli/import-export'],
    },
    'troubleshooting',
    'faq',
    'release-notes',
  ],
};
