import '@mantine/core/styles.css';
import { Alert, Badge, createTheme, InputWrapper, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { App } from './App';
import { SessionProvider } from './session/SessionContext';

const theme = createTheme({
  primaryColor: 'indigo',
  // Darkest shades and automatic black/white text keep filled buttons and badges at WCAG AA contrast.
  primaryShade: { light: 9, dark: 8 },
  autoContrast: true,
  components: {
    // No "*" after labels: it would become part of each field's label text ("Password *"), and
    // forms say which fields are optional instead.
    InputWrapper: InputWrapper.extend({ defaultProps: { withAsterisk: false } }),
    // Mantine alerts default to role="alert", which interrupts screen readers; that is kept for
    // errors (ErrorAlert sets it), and explanatory boxes are notes.
    // Badges carry statuses people read ("Follow-on needed", "Visible to client"): sentence case reads faster than capitals.
    Badge: Badge.extend({ styles: { root: { textTransform: 'none' } } }),
    Alert: Alert.extend({ defaultProps: { role: 'note' }, styles: { title: { color: 'var(--mantine-color-text)' } } }),
  },
});

// Mantine's default dimmed grey is below WCAG AA contrast on white; a darker grey keeps hints readable.
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);
