import { fr } from '@codegouvfr/react-dsfr';
import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { Header } from '@codegouvfr/react-dsfr/Header';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks';
import { useEffect } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { venuesApi } from './api/venues';
import { Loading } from './components/Loading';
import { AuditPage } from './pages/AuditPage';
import { OrganisationPage } from './pages/accounts/OrganisationPage';
import { OrganisationsPage } from './pages/accounts/OrganisationsPage';
import { ActorsPage } from './pages/actors/ActorsPage';
import { HomePage } from './pages/HomePage';
import { EmailsPage } from './pages/mail/EmailsPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProgrammeEditPage } from './pages/ProgrammeEditPage';
import { ProgrammePage } from './pages/ProgrammePage';
import { ProgrammesPage } from './pages/ProgrammesPage';
import { PublicHomePage } from './pages/PublicHomePage';
import { ResourcesPage } from './pages/resources/ResourcesPage';
import { SignInPage } from './pages/SignInPage';
import { AttestationPage } from './pages/training/AttestationPage';
import { TrainingPage } from './pages/training/TrainingPage';
import { ApplyPage } from './pages/venues/ApplyPage';
import { DirectoryPage } from './pages/venues/DirectoryPage';
import { InvitationPage } from './pages/venues/InvitationPage';
import { MyVenuePage } from './pages/venues/MyVenuePage';
import { VenuePublicPage } from './pages/venues/VenuePublicPage';
import { DistributePage } from './pages/vouchers/DistributePage';
import { OrientPage } from './pages/vouchers/OrientPage';
import { PassPage } from './pages/vouchers/PassPage';
import { RedeemPage } from './pages/vouchers/RedeemPage';
import { destinationsOf, primaryRole, ROLE_LABELS } from './roles';
import { useSession } from './session';
import { useLoad } from './useLoad';

function RequireSession({ children }: { children: React.ReactElement }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (!me) return <Navigate to={`/connexion?retour=${encodeURIComponent(location.pathname)}`} replace />;
  return children;
}

/** The signed-in home of one's role, or the public home for a visitor. */
function Home() {
  const { me, loading } = useSession();
  if (loading) return <Loading />;
  return me ? <HomePage /> : <PublicHomePage />;
}

export function App() {
  const { me, signOut } = useSession();
  const location = useLocation();
  // The instance's name and tagline; its look comes from /identity.css, before any script.
  const brand = useLoad(() => venuesApi.settings(), []).data?.brand;
  // Moving focus to the page's content on navigation lets screen-reader users know it changed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not an input.
  useEffect(() => {
    document.getElementById('contenu')?.focus();
  }, [location.pathname]);

  return (
    <>
      <SkipLinks links={[{ label: 'Contenu', anchor: '#contenu' }]} />
      <Header
        brandTop={
          <>
            République
            <br />
            Française
          </>
        }
        serviceTitle={brand?.name ?? 'Passnum'}
        serviceTagline={brand?.tagline ?? ''}
        homeLinkProps={{ to: '/', title: `Accueil — ${brand?.name ?? 'Passnum'}` }}
        quickAccessItems={
          me
            ? [
                {
                  iconId: 'fr-icon-account-circle-line',
                  text: `${me.organisationName} — ${ROLE_LABELS[primaryRole(me)]}`,
                  linkProps: { to: '/' },
                },
                {
                  iconId: 'fr-icon-logout-box-r-line',
                  text: 'Se déconnecter',
                  buttonProps: { onClick: () => void signOut() },
                },
              ]
            : [{ iconId: 'fr-icon-lock-line', text: 'Se connecter', linkProps: { to: '/connexion' } }]
        }
        navigation={[
          ...(me
            ? [
                ...destinationsOf(me).map((d) => ({
                  text: d.nav,
                  linkProps: { to: d.path },
                  isActive: d.path === '/' ? location.pathname === '/' : location.pathname.startsWith(d.path),
                })),
              ]
            : []),
          { text: 'Trouver un lieu', linkProps: { to: '/lieux' }, isActive: location.pathname.startsWith('/lieux') },
        ]}
      />
      <main id="contenu" tabIndex={-1} className={fr.cx('fr-container', 'fr-py-6w')}>
        <Routes>
          <Route path="/connexion" element={<SignInPage />} />
          <Route path="/" element={<Home />} />
          <Route
            path="/programmes"
            element={
              <RequireSession>
                <ProgrammesPage />
              </RequireSession>
            }
          />
          <Route
            path="/programmes/nouveau"
            element={
              <RequireSession>
                <ProgrammeEditPage />
              </RequireSession>
            }
          />
          <Route
            path="/programmes/:id/:tab?"
            element={
              <RequireSession>
                <ProgrammePage />
              </RequireSession>
            }
          />
          <Route
            path="/programmes/:id/modifier"
            element={
              <RequireSession>
                <ProgrammeEditPage />
              </RequireSession>
            }
          />
          <Route
            path="/organisations"
            element={
              <RequireSession>
                <OrganisationsPage />
              </RequireSession>
            }
          />
          <Route
            path="/organisations/:id"
            element={
              <RequireSession>
                <OrganisationPage />
              </RequireSession>
            }
          />
          <Route
            path="/formations"
            element={
              <RequireSession>
                <TrainingPage />
              </RequireSession>
            }
          />
          <Route path="/attestations/:code" element={<AttestationPage />} />
          <Route
            path="/acteurs"
            element={
              <RequireSession>
                <ActorsPage />
              </RequireSession>
            }
          />
          <Route
            path="/ressources"
            element={
              <RequireSession>
                <ResourcesPage />
              </RequireSession>
            }
          />
          <Route
            path="/courriels"
            element={
              <RequireSession>
                <EmailsPage />
              </RequireSession>
            }
          />
          <Route
            path="/journal"
            element={
              <RequireSession>
                <AuditPage />
              </RequireSession>
            }
          />
          <Route
            path="/orienter"
            element={
              <RequireSession>
                <OrientPage />
              </RequireSession>
            }
          />
          <Route
            path="/remise"
            element={
              <RequireSession>
                <DistributePage />
              </RequireSession>
            }
          />
          <Route
            path="/validation"
            element={
              <RequireSession>
                <RedeemPage />
              </RequireSession>
            }
          />
          <Route path="/p/:code" element={<PassPage />} />
          <Route path="/lieux" element={<DirectoryPage />} />
          <Route path="/lieux/candidature" element={<ApplyPage />} />
          <Route path="/lieux/:id" element={<VenuePublicPage />} />
          <Route path="/invitation" element={<InvitationPage />} />
          <Route
            path="/mon-lieu"
            element={
              <RequireSession>
                <MyVenuePage />
              </RequireSession>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </main>
      <Footer
        accessibility="partially compliant"
        contentDescription="Passnum est la plateforme open source des Pass numériques : des chèques qui financent l'accompagnement au numérique dans les lieux de médiation qualifiés."
        bottomItems={[{ text: "Documentation de l'API", linkProps: { to: '/api/docs', reloadDocument: true } }]}
      />
    </>
  );
}
