import type { ApolloServerPlugin } from '@apollo/server';

/** The one line a browser opening /graphql shows, in Chinese and English. */
export const LANDING_PAGE_TEXT = {
  zh: '这里是 GraphQL 接口：请用 GraphQL 客户端发送 POST 请求，接口说明见项目 README.md 与 schema.graphql。',
  en: 'This is the GraphQL API: send POST requests from a GraphQL client; see README.md and schema.graphql in the project for the API.',
};

const HTML = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="robots" content="noindex"><title>GraphQL API</title></head>
<body style="font-family: sans-serif; margin: 2rem; line-height: 1.6">
<p>${LANDING_PAGE_TEXT.zh}</p>
<p lang="en">${LANDING_PAGE_TEXT.en}</p>
</body>
</html>
`;

/**
 * What a browser gets at GET /graphql: a static page that loads nothing. GraphiQL and Apollo's
 * own landing pages fetch their scripts from public CDNs, which office networks often block, so
 * the API ships no in-browser IDE; any desktop GraphQL client works against /graphql.
 */
export function landingPagePlugin(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: HTML };
        },
      };
    },
  };
}
