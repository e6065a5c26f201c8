import { Spin } from 'antd';
import { lazy, ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AREAS } from './areas';
import { AppLayout } from './components/AppLayout';
import { SessionProvider, useSession } from './session';
import { LoginPage } from './pages/LoginPage';

// Routes are split: the first page loads only the layout and the page it shows.
const HomePage = lazy(() => import('./pages/HomePage'));
const MembersPage = lazy(() => import('./pages/MembersPage'));
const MemberPage = lazy(() => import('./pages/MemberPage'));
const MemberFormPage = lazy(() => import('./pages/MemberFormPage'));
const ChamberPage = lazy(() => import('./pages/ChamberPage'));
const ChangePasswordPage = lazy(() => import('./pages/ChangePasswordPage'));
const ImportPage = lazy(() => import('./pages/ImportPage'));
const StaffPage = lazy(() => import('./pages/StaffPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

const loading = <Spin style={{ display: 'block', margin: '80px auto' }} />;

function RequireSession({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const location = useLocation();
  if (me === undefined) return loading;
  if (me === null) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (me.mustChangePassword && location.pathname !== '/change-password') return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

export function App() {
  return (
    <SessionProvider>
      <Suspense fallback={loading}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route
            element={
              <RequireSession>
                <AppLayout />
              </RequireSession>
            }
          >
            <Route index element={<HomePage />} />
            <Route path="members" element={<MembersPage />} />
            <Route path="members/new" element={<MemberFormPage />} />
            <Route path="members/:id" element={<MemberPage />} />
            <Route path="members/:id/edit" element={<MemberFormPage />} />
            <Route path="chamber" element={<ChamberPage />} />
            <Route path="chamber/:id" element={<ChamberPage />} />
            <Route path="import" element={<ImportPage />} />
            <Route path="staff" element={<StaffPage />} />
            <Route path="change-password" element={<ChangePasswordPage />} />
            {AREAS.flatMap((area) => area.routes).map((r) => (
              <Route key={r.path} path={r.path} element={r.element} />
            ))}
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </Suspense>
    </SessionProvider>
  );
}
