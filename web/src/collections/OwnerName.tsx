import { useSession } from '../auth/context.js';
import { useI18n } from '../i18n/context.js';
import type { OwnerRef } from './case-types.js';
import { ownerKindLabel } from './labels.js';
import { useCollectors } from './queries.js';

/** A case owner or collector by name where the user may list them (collectors in scope), else by kind and id. */
export function OwnerName({ owner }: { owner: OwnerRef | null }) {
  const { t } = useI18n();
  const { can } = useSession();
  const collectors = useCollectors(can('collection.work'));
  if (owner === null) return <>{t('coll.case.noOwner')}</>;
  const person = owner.kind === 'collector' ? collectors.data?.find((c) => c.id === owner.id) : undefined;
  return <>{person ? `${person.name} (${person.branchCode})` : `${ownerKindLabel(t, owner.kind)} #${owner.id}`}</>;
}

/** Collectors named on a contact, by name where known. */
export function CollectorNames({ ids }: { ids: readonly number[] }) {
  const { can } = useSession();
  const collectors = useCollectors(can('collection.work'));
  return <>{ids.map((id) => collectors.data?.find((c) => c.id === id)?.name ?? `#${id}`).join('、')}</>;
}
