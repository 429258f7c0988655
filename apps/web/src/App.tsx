import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes, useNavigate } from 'react-router';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { ApiError, setUnauthorizedHandler } from './api/client';
import { RequireAuth } from './auth/session';
import { RequireAction } from './auth/RequireAction';
import { ReauthGate } from './auth/ReauthGate';
import { FullPageSpin } from './components/FullPageSpin';

// The shell (menu, header, drawer) is its own chunk: the login page does not download it.
const AppLayout = lazy(() => import('./layout/AppLayout').then((m) => ({ default: m.AppLayout })));
const LoginPage = lazy(() => import('./pages/LoginPage'));
const SetupPage = lazy(() => import('./pages/SetupPage'));
const EnrolPage = lazy(() => import('./pages/EnrolPage'));
const ForcedPasswordPage = lazy(() => import('./pages/ForcedPasswordPage'));
const AccountSecurityPage = lazy(() => import('./pages/AccountSecurityPage'));
const HomePage = lazy(() => import('./pages/HomePage'));
const UnitsPage = lazy(() => import('./pages/org/UnitsPage'));
const SchoolsPage = lazy(() => import('./pages/org/SchoolsPage'));
const UsersPage = lazy(() => import('./pages/org/UsersPage'));
const TeamsPage = lazy(() => import('./pages/org/TeamsPage'));
const DepartmentsPage = lazy(() => import('./pages/org/DepartmentsPage'));
const ImportPage = lazy(() => import('./pages/org/ImportPage'));
const HazardListPage = lazy(() => import('./pages/hazards/HazardListPage'));
const HazardDetailPage = lazy(() => import('./pages/hazards/HazardDetailPage'));
const HazardNewPage = lazy(() => import('./pages/hazards/HazardNewPage'));
const HazardImportPage = lazy(() => import('./pages/hazards/HazardImportPage'));
const ReportPage = lazy(() => import('./pages/hazards/ReportPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const InspectionsPage = lazy(() => import('./pages/inspections/InspectionsPage'));
const InspectionDetailPage = lazy(() => import('./pages/inspections/InspectionDetailPage'));
const CheckPage = lazy(() => import('./pages/inspections/CheckPage'));
const PointScanPage = lazy(() => import('./pages/inspections/PointScanPage'));
const PointsPage = lazy(() => import('./pages/inspections/PointsPage'));
const ChecklistsPage = lazy(() => import('./pages/inspections/ChecklistsPage'));
const ChecklistImportPage = lazy(() => import('./pages/inspections/ChecklistImportPage'));
const FollowUpsPage = lazy(() => import('./pages/inspections/FollowUpsPage'));
const SupervisionPage = lazy(() => import('./pages/inspections/SupervisionPage'));
const VisitDetailPage = lazy(() => import('./pages/inspections/VisitDetailPage'));
const CampaignListPage = lazy(() => import('./pages/campaigns/CampaignListPage'));
const CampaignDetailPage = lazy(() => import('./pages/campaigns/CampaignDetailPage'));
const CampaignImportPage = lazy(() => import('./pages/campaigns/CampaignImportPage'));
const MyReportsPage = lazy(() => import('./pages/reports/MyReportsPage'));
const SubmissionPage = lazy(() => import('./pages/reports/SubmissionPage'));
const ReportAdminPage = lazy(() => import('./pages/reports/ReportAdminPage'));
const ReportTypePage = lazy(() => import('./pages/reports/ReportTypePage'));
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage'));
const NoticeListPage = lazy(() => import('./pages/notices/NoticeListPage'));
const NoticeDetailPage = lazy(() => import('./pages/notices/NoticeDetailPage'));
const TalkListPage = lazy(() => import('./pages/talks/TalkListPage'));
const TalkDetailPage = lazy(() => import('./pages/talks/TalkDetailPage'));
const MeasuresPage = lazy(() => import('./pages/measures/MeasuresPage'));
const RegistriesPage = lazy(() => import('./pages/registries/RegistriesPage'));
const ChemicalsPage = lazy(() => import('./pages/registries/chemicals/ChemicalsPage'));
const ChemicalStorePage = lazy(() => import('./pages/registries/chemicals/StorePage'));
const ChemicalDetailPage = lazy(() => import('./pages/registries/chemicals/ChemicalDetailPage'));
const GuardsPage = lazy(() => import('./pages/registries/guards/GuardsPage'));
const SchoolSecurityPage = lazy(() => import('./pages/registries/guards/SchoolSecurityPage'));
const GuardDetailPage = lazy(() => import('./pages/registries/guards/GuardDetailPage'));
const FleetPage = lazy(() => import('./pages/registries/fleet/FleetPage'));
const VehicleDetailPage = lazy(() => import('./pages/registries/fleet/VehicleDetailPage'));
const DriverDetailPage = lazy(() => import('./pages/registries/fleet/DriverDetailPage'));
const SitePage = lazy(() => import('./pages/registries/site/SitePage'));
const SiteDetailPage = lazy(() => import('./pages/registries/site/SiteDetailPage'));
const IndicatorsPage = lazy(() => import('./pages/indicators/IndicatorsPage'));
const MeasureSchoolPage = lazy(() => import('./pages/measures/MeasureSchoolPage'));
const MeasureDetailPage = lazy(() => import('./pages/measures/MeasureDetailPage'));
const AssessmentPage = lazy(() => import('./pages/assessment/AssessmentPage'));
const RiskCardsPrintPage = lazy(() => import('./pages/risks/RiskCardsPrintPage'));
const RiskDistributionPage = lazy(() => import('./pages/risks/RiskDistributionPage'));
const RiskListPage = lazy(() => import('./pages/risks/RiskListPage'));
const RiskDetailPage = lazy(() => import('./pages/risks/RiskDetailPage'));
const RiskMatrixPage = lazy(() => import('./pages/risks/RiskMatrixPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx answer will not change on a retry; a network blip might.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
    mutations: { retry: false },
  },
});

/**
 * On a 401 anywhere (or a sign-in that still needs its second factor or a password
 * change): forget cached data and go to the login page, which picks up where the
 * sign-in stands and comes back here afterwards.
 */
function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      const { pathname, search } = window.location;
      if (pathname.startsWith('/login') || pathname.startsWith('/setup')) return;
      qc.clear();
      void navigate(`/login?next=${encodeURIComponent(pathname + search)}`, { replace: true });
    });
  }, [navigate, qc]);
  return null;
}

// Text colours meet WCAG AA contrast (4.5:1) on white and on the light page backgrounds:
// antd's default blue (#1677ff, 4.1:1), red (#ff4d4f, 3.3:1) and description grey (45 %
// black, 3.4:1) do not.
const theme = {
  token: {
    colorPrimary: '#1668dc',
    colorInfo: '#1668dc',
    colorLink: '#1668dc',
    colorError: '#cf1322',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#001529', headerPadding: '0 16px' },
  },
};

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
        <AntApp>
          <BrowserRouter>
            <UnauthorizedRedirect />
            <ReauthGate />
            <Suspense fallback={<FullPageSpin />}>
              <Routes>
                <Route path="/login" element={<LoginPage />} />
                <Route path="/login/enrol" element={<EnrolPage />} />
                <Route path="/login/change-password" element={<ForcedPasswordPage />} />
                <Route path="/setup" element={<SetupPage />} />
                <Route element={<RequireAuth />}>
                  {/* The risk notice cards' print view: outside the menu shell, so the browser prints only the cards. */}
                  <Route path="risks/cards" element={<RequireAction action="risk.read"><RiskCardsPrintPage /></RequireAction>} />
                  <Route element={<AppLayout />}>
                    <Route index element={<HomePage />} />
                    <Route path="account/security" element={<AccountSecurityPage />} />
                    <Route path="org/units" element={<UnitsPage />} />
                    <Route path="org/schools" element={<SchoolsPage />} />
                    <Route path="org/users" element={<RequireAction action="user.read"><UsersPage /></RequireAction>} />
                    <Route path="org/teams" element={<RequireAction action="supervision_team.read"><TeamsPage /></RequireAction>} />
                    <Route path="org/departments" element={<RequireAction action="department.read"><DepartmentsPage /></RequireAction>} />
                    <Route path="org/import" element={<RequireAction action="unit.import"><ImportPage /></RequireAction>} />
                    <Route path="hazards" element={<RequireAction action="hazard.read"><HazardListPage /></RequireAction>} />
                    <Route path="hazards/new" element={<RequireAction action="hazard.report"><HazardNewPage /></RequireAction>} />
                    <Route path="hazards/import" element={<RequireAction action="hazard.import"><HazardImportPage /></RequireAction>} />
                    <Route path="hazards/:id" element={<RequireAction action="hazard.read"><HazardDetailPage /></RequireAction>} />
                    <Route path="report" element={<RequireAction action="hazard.report"><ReportPage /></RequireAction>} />
                    <Route path="inspections" element={<RequireAction action="inspection.read"><InspectionsPage /></RequireAction>} />
                    <Route path="inspections/points" element={<RequireAction action="inspection_point.read"><PointsPage /></RequireAction>} />
                    <Route path="inspections/checklists" element={<RequireAction action="checklist.read"><ChecklistsPage /></RequireAction>} />
                    <Route path="inspections/checklists/import" element={<RequireAction action="checklist.manage"><ChecklistImportPage /></RequireAction>} />
                    <Route path="inspections/follow-ups" element={<RequireAction action="inspection.read"><FollowUpsPage /></RequireAction>} />
                    <Route path="inspections/check/:pointId" element={<RequireAction action="inspection.submit"><CheckPage /></RequireAction>} />
                    <Route path="inspections/:id" element={<RequireAction action="inspection.read"><InspectionDetailPage /></RequireAction>} />
                    <Route path="p/:token" element={<RequireAction action="inspection.submit"><PointScanPage /></RequireAction>} />
                    <Route path="supervision" element={<RequireAction action="supervision_visit.read"><SupervisionPage /></RequireAction>} />
                    <Route path="supervision/visits/:id" element={<RequireAction action="supervision_visit.read"><VisitDetailPage /></RequireAction>} />
                    <Route path="campaigns" element={<RequireAction action="campaign.read"><CampaignListPage /></RequireAction>} />
                    <Route path="campaigns/import" element={<RequireAction action="campaign.import"><CampaignImportPage /></RequireAction>} />
                    <Route path="campaigns/:id" element={<RequireAction action="campaign.read"><CampaignDetailPage /></RequireAction>} />
                    <Route path="reports" element={<RequireAction action="report.draft"><MyReportsPage /></RequireAction>} />
                    <Route path="reports/submissions/:id" element={<RequireAction action="report.read"><SubmissionPage /></RequireAction>} />
                    <Route path="reports/manage" element={<RequireAction action="report.export"><ReportAdminPage /></RequireAction>} />
                    <Route path="reports/manage/:id" element={<RequireAction action="report.export"><ReportTypePage /></RequireAction>} />
                    <Route path="dashboard" element={<RequireAction action="dashboard.read"><DashboardPage /></RequireAction>} />
                    <Route path="notices" element={<RequireAction action="notice.read"><NoticeListPage /></RequireAction>} />
                    <Route path="notices/:id" element={<RequireAction action="notice.read"><NoticeDetailPage /></RequireAction>} />
                    <Route path="talks" element={<RequireAction action="talk.read"><TalkListPage /></RequireAction>} />
                    <Route path="talks/:id" element={<RequireAction action="talk.read"><TalkDetailPage /></RequireAction>} />
                    <Route path="measures" element={<RequireAction action="measure.read"><MeasuresPage /></RequireAction>} />
                    <Route path="measures/schools/:schoolId" element={<RequireAction action="measure.read"><MeasureSchoolPage /></RequireAction>} />
                    <Route path="measures/:id" element={<RequireAction action="measure.read"><MeasureDetailPage /></RequireAction>} />
                    <Route path="assessment" element={<RequireAction action="assessment.read"><AssessmentPage /></RequireAction>} />
                    <Route path="risks/distribution" element={<RequireAction action="risk.read"><RiskDistributionPage /></RequireAction>} />
                    <Route path="registries" element={<RequireAction action="registry.read"><RegistriesPage /></RequireAction>} />
                    <Route path="registries/chemicals" element={<RequireAction action="registry.read"><ChemicalsPage /></RequireAction>} />
                    <Route path="registries/chemicals/stores/:id" element={<RequireAction action="registry.read"><ChemicalStorePage /></RequireAction>} />
                    <Route path="registries/chemicals/:id" element={<RequireAction action="registry.read"><ChemicalDetailPage /></RequireAction>} />
                    <Route path="registries/guards" element={<RequireAction action="registry.read"><GuardsPage /></RequireAction>} />
                    <Route path="registries/guards/schools/:schoolId" element={<RequireAction action="registry.read"><SchoolSecurityPage /></RequireAction>} />
                    <Route path="registries/guards/:id" element={<RequireAction action="registry.read"><GuardDetailPage /></RequireAction>} />
                    <Route path="registries/fleet" element={<RequireAction action="registry.read"><FleetPage /></RequireAction>} />
                    <Route path="registries/fleet/vehicles/:id" element={<RequireAction action="registry.read"><VehicleDetailPage /></RequireAction>} />
                    <Route path="registries/fleet/drivers/:id" element={<RequireAction action="registry.read"><DriverDetailPage /></RequireAction>} />
                    <Route path="registries/site" element={<RequireAction action="registry.read"><SitePage /></RequireAction>} />
                    <Route path="registries/site/:kind" element={<RequireAction action="registry.read"><SitePage /></RequireAction>} />
                    <Route path="registries/site/:kind/:id" element={<RequireAction action="registry.read"><SiteDetailPage /></RequireAction>} />
                    <Route path="indicators" element={<RequireAction action="dashboard.read"><IndicatorsPage /></RequireAction>} />
                    <Route path="risks" element={<RequireAction action="risk.read"><RiskListPage /></RequireAction>} />
                    <Route path="risks/matrix" element={<RequireAction action="risk.read"><RiskMatrixPage /></RequireAction>} />
                    <Route path="risks/:id" element={<RequireAction action="risk.read"><RiskDetailPage /></RequireAction>} />
                    <Route path="audit" element={<RequireAction action="audit.read"><AuditPage /></RequireAction>} />
                    <Route path="*" element={<NotFoundPage />} />
                  </Route>
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
