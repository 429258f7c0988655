import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App } from './App';
import './styles.css';
import { registerServiceWorker } from './lib/serviceWorker';
import { installA11yFixes } from './components/a11y';

dayjs.locale('zh-cn');
registerServiceWorker();
installA11yFixes();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
