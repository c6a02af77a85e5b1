// The requests both signers sign, byte for byte the ones bench/sign-wasm builds with the console's
// build_request: a fleet load's mix, per four requests one ListContainerInstances, one
// DescribeContainerInstances of 100 instances and two DescribeInstanceInformation lookups of 50.

export const BENCH_REGION = 'us-east-1';
export const BENCH_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const CLUSTER = 'bench';
const ECS_TARGET = 'AmazonEC2ContainerServiceV20141113';
const SSM_TARGET = 'AmazonSSM';

const hex = (value, width) => value.toString(16).padStart(width, '0');

function jsonRequest(service, target, body) {
  const hostname = `${service}.${BENCH_REGION}.amazonaws.com`;
  return {
    service,
    method: 'POST',
    protocol: 'https:',
    hostname,
    path: '/',
    headers: {
      host: hostname,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
    },
    body: JSON.stringify(body),
  };
}

/** Request `index`, as plain fields for @smithy/protocol-http's HttpRequest (plus its service). */
export function benchRequest(index) {
  switch (index % 4) {
    case 0:
      return jsonRequest('ecs', `${ECS_TARGET}.ListContainerInstances`, {
        cluster: CLUSTER,
        filter: 'attribute:ecs.capability.external exists',
        nextToken: `page-${index}`,
        maxResults: 100,
      });
    case 1:
      return jsonRequest('ecs', `${ECS_TARGET}.DescribeContainerInstances`, {
        cluster: CLUSTER,
        containerInstances: Array.from({ length: 100 }, (_, j) =>
          `arn:aws:ecs:${BENCH_REGION}:123456789012:container-instance/${CLUSTER}/${hex(index * 100 + j, 32)}`),
        include: ['TAGS'],
      });
    default:
      return jsonRequest('ssm', `${SSM_TARGET}.DescribeInstanceInformation`, {
        Filters: [{
          Key: 'InstanceIds',
          Values: Array.from({ length: 50 }, (_, j) => `mi-${hex(index * 100 + j, 17)}`),
        }],
        MaxResults: 50,
      });
  }
}
