/** The registry of actions, in catalogue order: the one place that lists them. */
import activateApp from './apps/activate-app.ts';
import assignGroupToApp from './apps/assign-group-to-app.ts';
import assignUserToApp from './apps/assign-user-to-app.ts';
import deactivateApp from './apps/deactivate-app.ts';
import deleteApp from './apps/delete-app.ts';
import getApp from './apps/get-app.ts';
import getAppGroup from './apps/get-app-group.ts';
import getAppUser from './apps/get-app-user.ts';
import listAppGroups from './apps/list-app-groups.ts';
import listAppUsers from './apps/list-app-users.ts';
import listApps from './apps/list-apps.ts';
import removeGroupFromApp from './apps/remove-group-from-app.ts';
import removeUserFromApp from './apps/remove-user-from-app.ts';
import updateAppUser from './apps/update-app-user.ts';
import activateEventHook from './event-hooks/activate-event-hook.ts';
import createEventHook from './event-hooks/create-event-hook.ts';
import deactivateEventHook from './event-hooks/deactivate-event-hook.ts';
import deleteAllEventHooks from './event-hooks/delete-all-event-hooks.ts';
import deleteEventHook from './event-hooks/delete-event-hook.ts';
import getEventHook from './event-hooks/get-event-hook.ts';
import listEventHooks from './event-hooks/list-event-hooks.ts';
import updateEventHook from './event-hooks/update-event-hook.ts';
import verifyEventHook from './event-hooks/verify-event-hook.ts';
import enrollFactor from './factors/enroll-factor.ts';
import getFactor from './factors/get-factor.ts';
import listSecurityQuestions from './factors/list-security-questions.ts';
import listSupportedFactors from './factors/list-supported-factors.ts';
import listUserFactors from './factors/list-user-factors.ts';
import resetFactors from './factors/reset-factors.ts';
import unenrollFactor from './factors/unenroll-factor.ts';
import activateGroupRule from './group-rules/activate-group-rule.ts';
import createGroupRule from './group-rules/create-group-rule.ts';
import deactivateGroupRule from './group-rules/deactivate-group-rule.ts';
import deleteGroupRule from './group-rules/delete-group-rule.ts';
import getGroupRule from './group-rules/get-group-rule.ts';
import listGroupRules from './group-rules/list-group-rules.ts';
import updateGroupRule from './group-rules/update-group-rule.ts';
import addUserToGroup from './groups/add-user-to-group.ts';
import createGroup from './groups/create-group.ts';
import deleteGroup from './groups/delete-group.ts';
import getGroup from './groups/get-group.ts';
import listGroupApps from './groups/list-group-apps.ts';
import listGroupMembers from './groups/list-group-members.ts';
import listGroups from './groups/list-groups.ts';
import lookupGroup from './groups/lookup-group.ts';
import removeUserFromGroup from './groups/remove-user-from-group.ts';
import updateGroup from './groups/update-group.ts';
import bulkUpsertUsers from './imports/bulk-upsert-users.ts';
import createImportSession from './imports/create-import-session.ts';
import deleteImportSession from './imports/delete-import-session.ts';
import getImportSession from './imports/get-import-session.ts';
import listImportSessions from './imports/list-import-sessions.ts';
import mapProfileSourceAttributes from './imports/map-profile-source-attributes.ts';
import triggerImportSession from './imports/trigger-import-session.ts';
import getSystemLogs from './logs/get-system-logs.ts';
import callOktaOperation from './misc/call-okta-operation.ts';
import rawRequest from './misc/raw-request.ts';
import getOrgMetadata from './org/get-org-metadata.ts';
import listDevices from './org/list-devices.ts';
import listPolicies from './org/list-policies.ts';
import listRealms from './org/list-realms.ts';
import activateUser from './users/activate-user.ts';
import changePassword from './users/change-password.ts';
import clearUserSessions from './users/clear-user-sessions.ts';
import createUser from './users/create-user.ts';
import deactivateUser from './users/deactivate-user.ts';
import deleteLinkedObjectValue from './users/delete-linked-object-value.ts';
import deleteUser from './users/delete-user.ts';
import expirePassword from './users/expire-password.ts';
import getAssociatedLinkedObjectValues from './users/get-associated-linked-object-values.ts';
import getPrimaryLinkedObjectValue from './users/get-primary-linked-object-value.ts';
import getUser from './users/get-user.ts';
import listAppLinks from './users/list-app-links.ts';
import listUserApps from './users/list-user-apps.ts';
import listUserGroups from './users/list-user-groups.ts';
import listUserTypes from './users/list-user-types.ts';
import listUsers from './users/list-users.ts';
import lookupUser from './users/lookup-user.ts';
import reactivateUser from './users/reactivate-user.ts';
import replaceUser from './users/replace-user.ts';
import resetPassword from './users/reset-password.ts';
import setLinkedObjectValue from './users/set-linked-object-value.ts';
import setPassword from './users/set-password.ts';
import suspendUser from './users/suspend-user.ts';
import unlockUser from './users/unlock-user.ts';
import unsuspendUser from './users/unsuspend-user.ts';
import updateUser from './users/update-user.ts';

export const actions = [
  createUser,
  getUser,
  listUsers,
  updateUser,
  deleteUser,
  activateUser,
  deactivateUser,
  suspendUser,
  unsuspendUser,
  // Groups and group rules, in catalogue order.
  createGroup,
  getGroup,
  lookupGroup,
  listGroups,
  updateGroup,
  deleteGroup,
  listGroupMembers,
  addUserToGroup,
  removeUserFromGroup,
  listGroupApps,
  createGroupRule,
  getGroupRule,
  listGroupRules,
  updateGroupRule,
  activateGroupRule,
  deactivateGroupRule,
  deleteGroupRule,
  // Applications
  listApps,
  getApp,
  activateApp,
  deactivateApp,
  deleteApp,
  listAppUsers,
  assignUserToApp,
  getAppUser,
  updateAppUser,
  removeUserFromApp,
  listAppGroups,
  assignGroupToApp,
  getAppGroup,
  removeGroupFromApp,
  // Event hooks
  createEventHook,
  getEventHook,
  listEventHooks,
  updateEventHook,
  activateEventHook,
  deactivateEventHook,
  verifyEventHook,
  deleteEventHook,
  deleteAllEventHooks,
  getSystemLogs,
  getOrgMetadata,
  listDevices,
  listRealms,
  listPolicies,
  createImportSession,
  getImportSession,
  listImportSessions,
  deleteImportSession,
  bulkUpsertUsers,
  triggerImportSession,
  mapProfileSourceAttributes,
  rawRequest,
  callOktaOperation,
  // Users, factors, linked objects and user types, in catalogue order.
  lookupUser,
  replaceUser,
  reactivateUser,
  unlockUser,
  resetPassword,
  expirePassword,
  changePassword,
  setPassword,
  clearUserSessions,
  listUserGroups,
  listUserApps,
  listAppLinks,
  listUserTypes,
  listUserFactors,
  listSupportedFactors,
  listSecurityQuestions,
  enrollFactor,
  getFactor,
  unenrollFactor,
  resetFactors,
  getPrimaryLinkedObjectValue,
  getAssociatedLinkedObjectValues,
  setLinkedObjectValue,
  deleteLinkedObjectValue,
];
