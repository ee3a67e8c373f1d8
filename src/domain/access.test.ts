import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allows, branchDepth, childBranchPath, inBranchScope, permissionsOf, ROLES, rolesGranting } from './access.js';

describe('roles and permissions', () => {
  it('grants what each role needs and no more', () => {
    expect(allows(['admin'], 'org.manage')).toBe(true);
    expect(allows(['auditor'], 'audit.read')).toBe(true);
    expect(allows(['auditor'], 'org.manage')).toBe(false);
    expect(allows(['collector'], 'org.read')).toBe(false);
    expect(allows(['collector'], 'pii.reveal')).toBe(true);
    expect(allows(['qa', 'risk_officer'], 'pii.reveal')).toBe(false);
    expect(permissionsOf(['branch_manager', 'auditor'])).toEqual(new Set(['org.read', 'pii.reveal', 'loan.read', 'payment.post', 'payment.reverse', 'fact.record', 'collection.read', 'collection.work', 'collection.manage', 'audit.read', 'followup.read', 'followup.correct', 'followup.approve', 'followup.policy', 'collateral.record', 'warning.handle', 'restructure.request', 'restructure.approve']));
    expect(allows(['collector'], 'payment.post')).toBe(false);
  });

  it('names for each permission exactly the roles that allow it', () => {
    for (const role of ROLES) {
      for (const permission of permissionsOf([role])) expect(rolesGranting(permission)).toContain(role);
    }
    expect(rolesGranting('org.manage')).toEqual(['admin']);
    expect(rolesGranting('fact.record')).toEqual(['followup_agent', 'branch_manager', 'admin']);
  });

  it('follow-ups: agents do them, QA scores them, a supervisor approves corrections, auditors only read', () => {
    expect(rolesGranting('followup.work')).toEqual(['followup_agent', 'admin']);
    expect(rolesGranting('followup.qa')).toEqual(['qa', 'admin']);
    expect(rolesGranting('followup.approve')).toEqual(['branch_manager', 'admin']);
    expect(rolesGranting('followup.correct')).toEqual(['followup_agent', 'qa', 'branch_manager', 'admin']);
    expect(rolesGranting('followup.policy')).toEqual(['branch_manager', 'risk_officer', 'admin']);
    expect(rolesGranting('followup.read')).toEqual(['followup_agent', 'qa', 'branch_manager', 'risk_officer', 'admin', 'auditor']);
    // QA never approves what it files, and an agent never approves at all
    expect(allows(['qa', 'followup_agent'], 'followup.approve')).toBe(false);
    expect(allows(['collector'], 'followup.read')).toBe(false);
  });
});

describe('collateral, telematics and early warning', () => {
  it('restructuring: field staff and managers request, managers and risk approve (within limits held as data), auditors neither', () => {
    expect(rolesGranting('restructure.request')).toEqual(['collector', 'branch_manager', 'risk_officer', 'admin']);
    expect(rolesGranting('restructure.approve')).toEqual(['branch_manager', 'risk_officer', 'admin']);
    expect(allows(['auditor', 'qa', 'followup_agent'], 'restructure.request')).toBe(false);
  });

  it('risk officers set risk data; branches record collateral; field staff handle warnings; a GPS vendor only posts', () => {
    expect(rolesGranting('risk.configure')).toEqual(['risk_officer', 'admin']);
    expect(rolesGranting('collateral.record')).toEqual(['branch_manager', 'risk_officer', 'admin']);
    expect(rolesGranting('telematics.ingest')).toEqual(['risk_officer', 'admin']);
    expect(rolesGranting('warning.handle')).toEqual(['collector', 'followup_agent', 'branch_manager', 'risk_officer', 'admin']);
    expect(allows(['auditor', 'qa'], 'warning.handle')).toBe(false);
  });
});

describe('branch scope', () => {
  const ho = childBranchPath(null, 'HO');
  const bj = childBranchPath(ho, 'BJ');
  const bjTeam = childBranchPath(bj, 'BJ-T1');
  const bj2 = childBranchPath(ho, 'BJ2');

  it('is the branch and its subtree', () => {
    expect(ho).toBe('/HO/');
    expect(bjTeam).toBe('/HO/BJ/BJ-T1/');
    expect(inBranchScope(ho, bjTeam)).toBe(true);
    expect(inBranchScope(bj, bjTeam)).toBe(true);
    expect(inBranchScope(bjTeam, bj)).toBe(false);
    expect(inBranchScope(bj, bj2)).toBe(false);
    expect(inBranchScope(bj2, bj)).toBe(false);
    expect(branchDepth(ho)).toBe(0);
    expect(branchDepth(bjTeam)).toBe(2);
  });

  it('refuses codes that would break the path', () => {
    expect(() => childBranchPath(ho, 'a/b')).toThrow();
    expect(() => childBranchPath(ho, '')).toThrow();
  });

  it('never lets a sibling see another sibling, whatever their codes', () => {
    const code = fc.stringMatching(/^[A-Z0-9][A-Z0-9_-]{0,8}$/);
    fc.assert(
      fc.property(code, code, (a, b) => {
        fc.pre(a !== b);
        const pa = childBranchPath(ho, a);
        const pb = childBranchPath(ho, b);
        expect(inBranchScope(pa, pb)).toBe(false);
        expect(inBranchScope(pa, childBranchPath(pa, b))).toBe(true);
      }),
    );
  });
});
