import { type ReactNode } from 'react';
import { Route } from 'react-router-dom';
import { Guard } from '../auth/Guard.js';
import { lazyPage } from '../i18n/lazy-page.js';

const TeamBoardPage = lazyPage(() => import('./manage/TeamBoardPage.js'));
const CoveragePage = lazyPage(() => import('./manage/CoveragePage.js'));
const StrategyEditorPage = lazyPage(() => import('./manage/StrategyEditorPage.js'));
const ChampionChallengerPage = lazyPage(() => import('./manage/ChampionChallengerPage.js'));

/** The collections management pages: <Route> elements, each lazy-loaded and wrapped in <Guard>. */
export function collectionsManageRoutes(): ReactNode {
  return [
    <Route key="collections-board" path="collections/board" element={<Guard permission="collection.manage"><TeamBoardPage /></Guard>} />,
    <Route key="collections-coverage" path="collections/coverage" element={<Guard permission="collection.read"><CoveragePage /></Guard>} />,
    <Route key="collections-strategies" path="collections/strategies" element={<Guard permission="strategy.edit"><StrategyEditorPage /></Guard>} />,
    <Route key="collections-cc" path="collections/champion-challenger" element={<Guard permission="collection.read"><ChampionChallengerPage /></Guard>} />,
  ];
}
