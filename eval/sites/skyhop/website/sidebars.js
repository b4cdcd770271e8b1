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
        'getting-started/quickstart',
        'getting-started/deploy-a-vite-app',
      ],
    },
    {
      type: 'category',
      label: 'Concepts',
      items: ['concepts/how-deploys-work', 'concepts/deploy-contexts', 'concepts/sites-and-teams'],
    },
    {
      type: 'category',
      label: 'Guides',
      items: [
        'guides/preview-deployments',
        'guides/custom-domains',
        'guides/redirects',
        'guides/headers-and-caching',
        'guides/environment-variables',
        'guides/ignoring-files',
        'guides/monorepos',
        'guides/ci-cd',
        'guides/rollbacks',
      ],
    },
    {
      type: 'category',
      label: 'CLI reference',
      link: {type: 'doc', id: 'cli/overview'},
      items: [
        'cli/deploy',
        'cli/init',
        'cli/login',
        'cli/rollback',
        'cli/domains',
        'cli/env',
        'cli/logs',
        'cli/sites',
      ],
    },
    {
      type: 'category',
      label: 'Reference',
      items: [
        'reference/configuration',
        'reference/environment-variables',
        'reference/exit-codes',
        'reference/limits',
      ],
    },
    'troubleshooting',
    'faq',
    'migrating-from-v2',
  ],
};

module.exports = sidebars;
