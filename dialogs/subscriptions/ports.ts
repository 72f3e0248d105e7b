/** Following topics and organisations. */
export type SubscriptionTarget = { kind: 'category'; id: number } | { kind: 'organization'; id: number };

export interface SubscriptionPort {
  follow(contactId: number, target: SubscriptionTarget, channel: 'sms' | 'telegram', words: string): Promise<'created' | 'exists'>;
  unfollow(contactId: number, target: SubscriptionTarget): Promise<boolean>;
  list(contactId: number): Promise<Array<{ target: SubscriptionTarget; namePl: string; nameEn: string; nameUk: string }>>;
  organization(id: number): Promise<{ id: number; name: string } | undefined>;
}
