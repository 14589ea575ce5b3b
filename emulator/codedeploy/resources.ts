/** CodeDeploy resources as the API keeps them: applications, configs, groups, revisions (times are virtual epoch ms). */

export interface Application {
  applicationId: string;
  applicationName: string;
  computePlatform: 'Server' | 'Lambda' | 'ECS';
  createTime: number;
  tags: unknown[];
}

export interface TrafficRoutingConfig {
  type: 'AllAtOnce' | 'TimeBasedCanary' | 'TimeBasedLinear';
  timeBasedCanary?: { canaryPercentage: number; canaryInterval: number };
  timeBasedLinear?: { linearPercentage: number; linearInterval: number };
}

export interface DeploymentConfig {
  deploymentConfigId: string;
  deploymentConfigName: string;
  computePlatform: 'Server' | 'Lambda' | 'ECS';
  createTime: number;
  trafficRoutingConfig?: TrafficRoutingConfig;
  minimumHealthyHosts?: { type: string; value: number };
  predefined: boolean;
}

export interface DeploymentGroup {
  applicationName: string;
  deploymentGroupId: string;
  deploymentGroupName: string;
  deploymentConfigName: string;
  serviceRoleArn: string;
  ecsServices: { serviceName: string; clusterName: string }[];
  loadBalancerInfo: {
    targetGroupPairInfoList: {
      targetGroups: { name: string }[];
      prodTrafficRoute: { listenerArns: string[] };
      testTrafficRoute?: { listenerArns: string[] };
    }[];
  };
  blueGreenDeploymentConfiguration: {
    deploymentReadyOption: {
      actionOnTimeout: 'CONTINUE_DEPLOYMENT' | 'STOP_DEPLOYMENT';
      waitTimeInMinutes: number;
    };
    terminateBlueInstancesOnDeploymentSuccess: {
      action: 'TERMINATE';
      terminationWaitTimeInMinutes: number;
    };
  };
  autoRollbackConfiguration: { enabled: boolean; events: string[] };
  alarmConfiguration: {
    enabled: boolean;
    ignorePollAlarmFailure: boolean;
    alarms: { name: string }[];
  };
  deploymentStyle: { deploymentType: string; deploymentOption: string };
  triggerConfigurations: unknown[];
  tags: unknown[];
  targetRevision?: RevisionLocation;
  lastSuccessfulDeployment?: LastDeploymentInfo;
  lastAttemptedDeployment?: LastDeploymentInfo;
}

export interface LastDeploymentInfo {
  deploymentId: string;
  status: string;
  endTime?: number;
  createTime: number;
}

export interface RevisionLocation {
  revisionType: 'AppSpecContent' | 'String';
  appSpecContent?: { content?: string; sha256: string };
  string?: { content?: string; sha256: string };
}

export interface ApplicationRevision {
  applicationName: string;
  revisionType: 'AppSpecContent' | 'String';
  content: string;
  sha256: string;
  description?: string;
  deploymentGroups: string[];
  registerTime: number;
  firstUsedTime?: number;
  lastUsedTime?: number;
}
