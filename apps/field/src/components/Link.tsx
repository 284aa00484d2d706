import type { MouseEvent, ReactNode } from 'react';
import { navigate, routeHref, type Route } from '../router';

/** An in-app link: a real href (long-press, reload) that navigates without a page load. */
export function Link({ to, className, children, replace }: { to: Route; className?: string; children: ReactNode; replace?: boolean }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to, { replace });
  };
  return (
    <a href={routeHref(to)} className={className} onClick={onClick}>
      {children}
    </a>
  );
}

export function BackLink({ to, label }: { to: Route; label: string }) {
  return (
    <Link to={to} className="back">
      <span aria-hidden="true">‹</span>
      {label}
    </Link>
  );
}
