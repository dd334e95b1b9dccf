import type { ConnectionDef } from '../local-types.js';
import type { GlueOperation } from './glue-call.js';
import { glueErrors } from './glue-errors.js';

/** The Connection shape of the Glue API (network connections: the VPC placement of sessions). */
function connectionShape(connection: ConnectionDef): Record<string, unknown> {
  return {
    Name: connection.name,
    ConnectionType: connection.connectionType,
    ConnectionProperties: {},
    PhysicalConnectionRequirements: {
      ...(connection.subnetId ? { SubnetId: connection.subnetId } : {}),
      SecurityGroupIdList: connection.securityGroupIds ?? [],
      ...(connection.availabilityZone ? { AvailabilityZone: connection.availabilityZone } : {}),
    },
  };
}

export const getConnection: GlueOperation = (input, call) => {
  const name = input.string('Name', { required: true })!;
  input.finish();
  call.authorize(
    'glue:GetConnection',
    `arn:aws:glue:${call.region}:${call.accountId}:connection/${name}`,
  );
  const connection = call.deps.plane.findConnection(call.accountId, call.region, name);
  if (!connection) {
    throw glueErrors.entityNotFound(
      `Connection ${name} not found. (Looked in account ${call.accountId}, region ${call.region}.)`,
    );
  }
  return { Connection: connectionShape(connection) };
};

export const getConnections: GlueOperation = (input, call) => {
  input.finish();
  call.authorize('glue:GetConnections', `arn:aws:glue:${call.region}:${call.accountId}:catalog`);
  return {
    ConnectionList: call.deps.plane
      .listConnections(call.accountId, call.region)
      .map(connectionShape),
  };
};
